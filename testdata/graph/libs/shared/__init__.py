"""Shared utilities for every service."""
from shared.config import BaseConfig, load_config

__all__ = ["BaseConfig", "load_config"]
