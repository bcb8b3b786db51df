"""Scoping corner cases for the env-access oracle (issue 15, item 18): where Python looks up the
first name of each reference, and what imports bind it to there. Never imported or run."""
import os
import nt, posix as px
import os.path as osp, posixpath, ntpath
from os import path as ospath
from posix import environ as posix_environ, getenv
from nt import putenv as nt_putenv
from os.path import expandvars, join
from ntpath import expandvars as nt_expand
import envstate
import envstate.sub as sub
from envstate import os as state_os
from .compat import os as compat_os
from . import os as sibling_os
from envstate.os import environ as state_environ
from envstate import environ as not_the_environment

os.getenvb(b"A")
os.environb
nt.environ
px.unsetenv
osp.expandvars("$A")
ospath.expandvars("$A")
posixpath.expandvars("$A")
ntpath.expandvars("$A")
os.path.expandvars("$A")
osp.environ  # os.path has no environment
os.path.join
envstate.os.environ
envstate.os.path.expandvars
sub.os.getenv
state_os.environ
compat_os.getenv
sibling_os.environ
envstate.environ  # not an `os`
envstate.nos.environ
getattr(os, "environ")
getattr(os, 'getenv', None)
getattr(os, "env" "iron")
getattr(os, "\x65nviron")
getattr(os.path, "expandvars")
getattr(envstate.os, "putenv")
getattr(os, "sep")
getattr(os, name)
getattr(os, "environ", None, 1)
getattr(os, *("environ",))
getattr(os, "environ", default=None)
getattr(self.os, "environ")
(getattr)(os, "environ")


def parameter(os):
    return os.environ


def keyword_only(*, os=os.environ):
    return os.getenv("A")


def star_args(*os, **px):
    return os.environ, px.environ


def annotated(a: os.environ) -> os.getenv:
    return a


def local():
    os = object()
    return os.environ


def local_after_use():
    print(os.environ)
    os = None


def loop():
    for os in ():
        os.environ


def with_target():
    with open("x") as os:
        os.environ


def except_name():
    try:
        pass
    except Exception as os:
        os.environ


def deleted():
    del os
    os.environ


def matched(x):
    match x:
        case {"k": 1, **os}:
            os.environ
    match x:
        case [*px]:
            px.environ
    match x:
        case nt:
            nt.environ


def annotation_only():
    os: int
    return os.environ


def parenthesized_annotation():
    (os): int
    return os.environ


def local_import():
    import os as o
    return o.environ


def local_import_of_something_else():
    import json as os
    return os.environ


def local_from_import():
    from envstate import os
    return os.environ


def import_and_assignment():
    import os
    os = None
    return os.environ


def outer():
    os = None

    def inner():
        return os.environ

    class Inner:
        x = os.environ

        def method(self):
            return os.environ

    return lambda: os.getenv, [os.environ for _ in ()]


def outer_import():
    import os as o2

    def inner():
        def innermost():
            return o2.environ
        return innermost


def declared_global():
    global os
    return os.environ


def binds_a_global():
    global late
    import os as late


late.environ


def declared_nonlocal():
    os = None

    def inner():
        nonlocal os
        os = 1
        return os.environ

    return inner


class Body:
    os = None
    a = os.environ
    b = [os.environ for _ in ()]
    c = [x for x in os.environ]
    d = lambda: os.environ

    def method(self, e=os.environ):
        return os.environ

    class Nested:
        f = os.environ


class Imports:
    import os as cls_os
    a = cls_os.environ

    def method(self):
        return cls_os.environ


class Bases(os.environ, metaclass=os.getenv, x=os.putenv):
    pass


@os.getenv
@decorator(os.environ)
def decorated(px=px.environ):
    return px.environ


lambda_param = lambda os: os.environ
lambda_default = lambda e=os.environ: os.getenv
lambda_nested = lambda os: lambda: os.environ
comprehension_target = [os.environ for os in ()]
comprehension_other = [os.environ for x in ()]
first_iterable = [x for os in os.environ]
second_iterable = [x for x in () for y in os.environ]
second_target = [y for x in () for os in () if os.environ]
dict_comprehension = {os: os.environ for os in ()}
generator = (os.getenv for px in () if px.environ)
set_comprehension = {os.environ for os.environ in ()}


def walrus():
    [(os := 1) for _ in ()]
    return os.environ


def walrus_in_comprehension():
    return [(px := x) for x in ()], px.environ


[(nt := 1) for _ in ()]
nt.putenv
fresh.environ


def lazy_elsewhere():
    import os as lazy_os
    import posix as fresh


lazy_os.environ


def unbound_in_function():
    return lazy_os.getenv


def shadowed_getattr(os):
    return getattr(os, "environ")


try:
    import nt as maybe
except ImportError:
    maybe = None
maybe.environ
