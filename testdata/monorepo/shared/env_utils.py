"""Deprecated compatibility module: the wrapper moved to shared.isolated_environment."""
from shared.isolated_environment import get_env

__all__ = ["get_env"]
