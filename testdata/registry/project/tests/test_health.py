import importlib

import test_framework.legacy as legacy_helpers
from test_framework import legacy

legacy_env = importlib.import_module("netra_backend.app.core.isolated_environment")


def test_health():
    assert legacy_helpers is legacy and legacy_env
