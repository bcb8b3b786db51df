import os
from unittest import mock

from netra_backend.app.db import session


def test_database_url_prefers_environment():
    with mock.patch.dict(os.environ, {"DATABASE_URL": "sqlite://"}):
        assert session.database_url() == "sqlite://"
