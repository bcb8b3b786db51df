"""Application configuration."""
from shared.isolated_environment import get_env


class AppConfig:
    def __init__(self):
        self.debug = get_env().get("DEBUG") == "1"
