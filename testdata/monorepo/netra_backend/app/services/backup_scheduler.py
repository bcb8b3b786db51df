"""Schedules database backups. Its name contains `backup`, but only directory names are excluded."""
from netra_backend.app.config import load_config


def next_backup_target() -> str:
    return load_config().database_url + "/backups"
