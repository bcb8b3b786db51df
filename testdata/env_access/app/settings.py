"""Service settings, read the wrong way: straight from os.environ."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
SNAPSHOT = os.environ.copy()
DEBUG = "DEBUG" in os.environ
LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
RAW_PATH = os.environb[b"PATH"]


def configure_worker(name: str) -> None:
    os.putenv("WORKER_NAME", name)
    os.unsetenv("WORKER_TMP")
    os.environ["WORKER_READY"] = "1"
    del os.environ["WORKER_TMP"]
    print(f"worker {name} on {os.environ['HOSTNAME']}")
