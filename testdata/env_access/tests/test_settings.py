import os
from unittest import mock


@mock.patch.dict(os.environ, {"DATABASE_URL": "sqlite://"})
def test_database_url_comes_from_environment():
    from app import settings

    assert settings.DATABASE_URL


def test_patch_dict_with_a_string_target_is_not_a_reference():
    with mock.patch.dict("os.environ", {"DEBUG": "1"}):
        pass
