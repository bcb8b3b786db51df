"""Settings, defined conditionally."""
import typing

if typing.TYPE_CHECKING:
    from shared.types import Settings
elif False:
    pass
else:
    class Settings:
        debug = True

try:
    import json
except* ImportError:
    class GroupFallback:
        pass
else:
    class Reexported:
        pass
