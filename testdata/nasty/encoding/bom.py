import os

HOME = os.environ["HOME"]
