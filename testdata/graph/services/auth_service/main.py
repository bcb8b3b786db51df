"""Auth service entry point."""
import importlib

import requests
from alembic import command
from shared import BaseConfig, load_config

try:
    from auth_service.fast_jwt import decode
except ImportError:
    from auth_service.jwt_fallback import decode

oauth = importlib.import_module("auth_service.handlers.oauth")
saml = importlib.import_module("auth_service.handlers.saml")
