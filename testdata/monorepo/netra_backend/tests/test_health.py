from netra_backend.app.routes.health import health


def test_health_reports_ok():
    assert health()["status"] == "ok"
