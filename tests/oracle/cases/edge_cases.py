"""Syntax corner cases for the env-access oracle: every reference below is judged the same way by
ssotscan and by tests/oracle/env_access.py (Python's own `ast`). Never imported or run."""
import os.path, os as o2
import sys, os.path as osp
from os import (environ as E, getenv)
from os import path, sep
from os.path import join
from . import os as relative_os

(os).environ
(os.environ)
os . environ
os.\
    environ
o2.getenv("A")
osp.environ  # `osp` is os.path, not os
relative_os.environ
f"{os.environ['A']!r:>{os.getenv('W')}}"
f"{f'{os.environ}'}"
lambda e=os.environ: e


@decorator(os.environ)
def f(a: os.environ = os.getenv("X"), *args: os.putenv, **kw: os.unsetenv) -> os.environb:
    ...


class K(Base, metaclass=M, env=os.environ):
    attr = os.environ


match os.environ:
    case {"A": os.environ}:
        pass
    case os.getenv:
        pass
    case [os.putenv, *rest] if os.unsetenv:
        pass

[os.environ for os.environ in ()]
(y := os.environ)
print(*os.environ, **os.environ)
annotated: "os.environ" = 1
x = os.environ if os.getenv else os.putenv
del os.environ
os.environ: int


async def g():
    async with os.environ as e:
        pass
    await os.getenv()
    async for x in os.environ:
        pass
    return [z async for z in os.environb]


try:
    pass
except os.environ:
    pass
try:
    pass
except* os.getenv:
    pass
assert os.environ, os.getenv
raise os.environ from os.getenv
with os.environ as (a, b), os.getenv:
    pass
x = [*os.environ], {**os.environ}, {os.environ: os.getenv}
x = os.environ[os.getenv:os.putenv:os.unsetenv]
x = -os.environ, not os.environ, os.environ @ os.environ
x = os.environ < os.environ <= os.getenv
global_ = {k: os.environ for k in os.getenv}


def gen():
    yield os.environ
    yield from os.environb
    nonlocal_ = os.environ


ö = os.environ; 名前 = os.getenv("名前"); x = "ü"; os.putenv
ｏs.ｅnviron
os.environ.get.__call__
os.environ.environ
self.os.environ
sys.modules["os"].environ
getattr(os, "environ")
x = """
os.environ
"""
# os.environ
