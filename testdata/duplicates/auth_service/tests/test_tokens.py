from auth_service.auth_core.tokens import normalize_token


class FakeAgent:
    def run(self):
        return "ok"


def test_normalize():
    assert normalize_token(" Bearer abc ") == "abc"
