"""Configuration loading; re-exports the base classes."""
from shared.config_base import *  # noqa: F403


def load_config(name: str) -> "BaseConfig":
    return BaseConfig()
