# Error: every direct read or write of the process environment (an import of `environ`,
# `getenv`, ... from `os` is the access: it is reported where it is imported).
import os
import os as system
from os import environ, getenv  # error: env-access
from os import environ as env_map  # error: env-access

DATABASE_URL = os.environ["DATABASE_URL"]  # error: env-access
DEBUG = os.getenv("DEBUG")  # error: env-access
HOME = system.environ.get("HOME")  # error: env-access
PATH = environ["PATH"]
USER = getenv("USER")
SHELL = env_map.get("SHELL")
os.putenv("MODE", "test")  # error: env-access

# OK: names that only look like the environment.
settings = {"environ": 1}
local_environ = settings["environ"]
from shared.isolated_environment import get_env

LOG_LEVEL = get_env("LOG_LEVEL")
