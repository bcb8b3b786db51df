import pytest

from shared.isolated_environment import get_env


@pytest.fixture(autouse=True)
def isolated_env():
    env = get_env()
    env.enable_isolation()
    yield env
