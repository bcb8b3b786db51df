# Error: the platform modules `os` re-exports, `getattr` with a literal name, `os.path.expandvars`
# (it reads the environment), `os.getenvb`, and an imported module's `os`.
import nt
import posix as px
from posix import environ as posix_environ  # error: env-access
from os.path import expandvars  # error: env-access
import os
import os.path as osp
from app import envstate
from app.envstate import os as state_os

A = nt.environ["A"]  # error: env-access
B = px.getenv("B")  # error: env-access
C = getattr(os, "environ")  # error: env-access
D = getattr(os, "getenv", None)("D")  # error: env-access
E = osp.expandvars("$E")  # error: env-access
F = os.getenvb(b"F")  # error: env-access
G = envstate.os.environ["G"]  # error: env-access
H = state_os.getenv("H")  # error: env-access


def reads_the_global():
    return os.environ["I"]  # error: env-access


def lazy():
    import os as local_os

    def nested():
        return local_os.environ["J"]  # error: env-access

    return nested


class Settings:
    os = None

    def method(self):
        # A class body is not seen from its methods: this is the module `os`.
        return os.environ["K"]  # error: env-access


# OK: a parameter, a local, a loop variable or a lambda parameter named `os` is not the module
# (Python looks the name up in the function first); nor is a class attribute, nor an attribute
# of an imported module that is not an `os`.
def parameter(os):
    return os.environ["L"]


def local():
    os = make_client()
    return os.getenv("M")


def loop(clients):
    for os in clients:
        os.environ.clear()


def outer(os):
    def inner():
        return os.environ  # `os` of outer, the parameter

    return inner


handler = lambda os: os.environ
rows = [os.environ for os in clients()]
N = getattr(os, "sep")
O = osp.join("a", "b")
P = envstate.settings.environ
