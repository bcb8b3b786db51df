from auth_service.auth_core import config


def test_ttl_is_positive():
    assert config.TOKEN_TTL_SECONDS > 0
