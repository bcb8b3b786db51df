"""Database sessions."""
import os

from netra_backend.app.config import load_config

POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "5"))


def database_url() -> str:
    # Bypasses BackendConfig: the pool and the app can disagree on the URL.
    return os.environ.get("DATABASE_URL") or load_config().database_url
