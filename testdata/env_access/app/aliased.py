import os as operating_system
import sys

TIMEOUT = int(operating_system.environ.get("TIMEOUT", "30"))
USER = operating_system.getenv("USER")
ARGV = sys.argv
