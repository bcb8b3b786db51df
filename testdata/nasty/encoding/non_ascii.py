# Non-ASCII before the violation: columns count characters, not bytes.
import os

GREETING = "grüß dich"; HOME = os.environ["HOME"]
