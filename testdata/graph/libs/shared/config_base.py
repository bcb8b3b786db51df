"""Base configuration class."""

__all__ = ["BaseConfig", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 30
_SECRET_KEY_NAME = "SECRET_KEY"


class BaseConfig:
    timeout: int = DEFAULT_TIMEOUT
