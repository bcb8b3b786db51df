"""The single source of truth for environment variables.

Every service reads configuration through `get_env()`; tests get an isolated copy so that one
test's overrides never leak into another.
"""
import os
import threading
from typing import Dict, Optional

_lock = threading.Lock()
_instance: Optional["IsolatedEnvironment"] = None


class IsolatedEnvironment:
    def __init__(self) -> None:
        self._values: Dict[str, str] = dict(os.environ)
        self._isolated = False

    def get(self, key: str, default: Optional[str] = None) -> Optional[str]:
        return self._values.get(key, default)

    def set(self, key: str, value: str) -> None:
        self._values[key] = value
        if not self._isolated:
            os.environ[key] = value

    def enable_isolation(self) -> None:
        self._isolated = True


def get_env() -> IsolatedEnvironment:
    global _instance
    with _lock:
        if _instance is None:
            _instance = IsolatedEnvironment()
        return _instance
