"""Module-scope class definitions in every kind of module-level block (duplicate-definition)."""
import sys
from contextlib import suppress

from shared.compat import Reexported  # a re-export is not a definition
from shared import compat as Aliased  # neither is an import alias

Alias = Reexported  # nor an assignment
Attr = compat.Settings


class Settings:  # also in netra_backend/app/core/config.py, inside an if block
    debug = False


@decorator
@other(
    "arg",
)
class \
        Decorated:  # the name is on the line after `class`
    pass


class _Private:  # never a definition: the name starts with `_`
    pass


class __Dunder:
    pass


try:
    from ujson import Encoder
except ImportError:
    if sys.version_info >= (3, 8):
        with suppress(Exception):
            class Encoder:  # fallback, nested three blocks deep
                pass
    else:
        for _ in range(1):
            while True:
                class Encoder:  # the same module twice: one module still
                    pass
                break
finally:
    pass

match sys.platform:
    case "linux":
        class PlatformInfo:
            pass
    case _:
        class PlatformInfo:
            pass

try:
    pass
except* ValueError:
    class GroupFallback:
        pass


def factory():
    class Settings:  # inside a def: not module scope
        pass

    return Settings


class Outer:
    class Settings:  # inside a class: not module scope
        pass

    if True:
        class Inner:
            pass


def Helper():  # functions are not compared by default (kinds = ["class"])
    pass


class OnlyHere:  # an if/else pair in one module is not a cross-module duplicate
    pass


if sys.platform == "win32":
    class OnlyHere:
        pass
