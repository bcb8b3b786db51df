"""Nothing here is direct environment access.

Mentions in docstrings do not count: os.environ["SECRET"], os.getenv("X").
"""
import os.path as p
from os import path, sep
from unittest.mock import patch

# os.environ["COMMENT"] in a comment is not code.
CONFIG = p.join("etc", "app.toml")
ROOT = path.dirname(__file__)
NOTE = "read os.environ['KEY'] through the wrapper"
PATCHED = patch.dict("os.environ", {"MODE": "test"})


class Context:
    def __init__(self, environ):
        self.environ = environ

    def lookup(self, key):
        return self.environ.get(key)


def render(environ):
    environ = dict(environ)
    return environ.get("HOME", sep)
