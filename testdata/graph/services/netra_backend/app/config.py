from shared.config import DEFAULT_TIMEOUT, BaseConfig
from shared.config import _SECRET_KEY_NAME


class Settings(BaseConfig):
    debug = False
    secret_key_name = _SECRET_KEY_NAME
    timeout = DEFAULT_TIMEOUT


def get_settings() -> Settings:
    return Settings()
