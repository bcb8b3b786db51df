import logging

from shared.isolated_environment import get_env


def configure_logging() -> None:
    level = get_env().get("LOG_LEVEL", "INFO")
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
