"""Backend configuration, read through the shared wrapper."""
from dataclasses import dataclass

from shared.isolated_environment import get_env


@dataclass(frozen=True)
class BackendConfig:
    database_url: str
    redis_url: str
    debug: bool


def load_config() -> BackendConfig:
    env = get_env()
    return BackendConfig(
        database_url=env.get("DATABASE_URL", "postgresql://localhost/netra"),
        redis_url=env.get("REDIS_URL", "redis://localhost:6379/0"),
        debug=env.get("DEBUG", "false").lower() == "true",
    )
