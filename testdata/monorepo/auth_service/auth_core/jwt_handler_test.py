from auth_service.auth_core.jwt_handler import sign


def test_sign_has_three_parts():
    assert len(sign("user-1").split(":")) == 3
