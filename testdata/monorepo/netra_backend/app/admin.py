"""Admin endpoints, still written against two old import paths."""
from netra_backend.app.core.isolated_environment import get_env
from shared.env_utils import get_env as legacy_get_env


def feature_flags() -> dict:
    env = get_env()
    return {"beta": env.get("BETA_FEATURES", "off"), "legacy": legacy_get_env() is env}
