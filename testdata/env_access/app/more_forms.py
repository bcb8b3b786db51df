"""The forms of issue 15 (item 18): the platform modules, getattr, expandvars, an imported `os`."""
import nt
import os
import posix
from posix import environ

from app import settings

WINDOWS_HOME = nt.environ.get("USERPROFILE")
POSIX_HOME = posix.environ[b"HOME"]
GETTER = getattr(os, "getenv")
CACHE = os.path.expandvars("$XDG_CACHE_HOME/app")
SETTINGS_ENV = settings.os.environ


def shadowed(os):
    """A parameter named `os` is not the module: not reported."""
    return os.environ


def reset_all(clients):
    for os in clients:  # a loop variable named `os`: not the module
        os.environ.clear()
