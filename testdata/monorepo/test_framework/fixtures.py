"""Helpers shared by the services' test suites."""
from shared.isolated_environment import get_env


def override_env(**values: str) -> None:
    env = get_env()
    for key, value in values.items():
        env.set(key, value)
