"""Feature flags, resolved lazily by name (PEP 562)."""
_FLAGS = {"new_ui": False, "fast_path": True}


def __getattr__(name: str) -> bool:
    try:
        return _FLAGS[name]
    except KeyError:
        raise AttributeError(name) from None
