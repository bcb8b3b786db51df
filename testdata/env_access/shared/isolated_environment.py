"""The one module allowed to read the process environment."""
import os
from typing import Mapping, Optional

_OVERRIDES: dict = {}


class IsolatedEnvironment:
    def __init__(self, source: Optional[Mapping[str, str]] = None) -> None:
        self._source = dict(os.environ if source is None else source)

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        if key in _OVERRIDES:
            return _OVERRIDES[key]
        return self._source.get(key, default)


def get_env() -> IsolatedEnvironment:
    return IsolatedEnvironment()
