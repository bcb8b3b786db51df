import pytest

from shared.isolated_environment import get_env


@pytest.fixture
def env():
    return get_env()
