pytest_plugins = ["netra_backend.tests.conftest"]
