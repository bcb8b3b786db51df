"""Auth service settings."""
from os import getenv

JWT_SECRET = getenv("JWT_SECRET", "dev-secret")
TOKEN_TTL_SECONDS = int(getenv("TOKEN_TTL_SECONDS", "3600"))
