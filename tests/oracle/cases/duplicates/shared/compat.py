"""Re-exports and aliases only: no definitions here except the ones marked."""
from shared.types import Settings, Decorated as Decorated  # noqa: F401
import shared.types as PlatformInfo  # an import binds a name but defines nothing

Encoder = dict
GroupFallback: type = object
_Private = 1


class Reexported:
    pass


class Inner:  # Outer.Inner in shared/types.py is not module scope
    pass


class __Dunder:
    pass


async def Helper():
    pass


with open(__file__) as fh:
    class Decorated:
        pass

while False:
    class Encoder:
        pass
else:
    class PlatformInfo:
        pass
