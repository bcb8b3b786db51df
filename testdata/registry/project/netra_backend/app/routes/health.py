"""Health route: still reaches the retired environment module through its package."""
from netra_backend.app.core import isolated_environment
from shared.isolated_environment import get_env


def health():
    return {"env": bool(get_env()), "legacy": isolated_environment is not None}
