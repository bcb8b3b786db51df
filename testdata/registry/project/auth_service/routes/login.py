"""Login route."""
from auth_service.services.auth import AuthService
from ..auth_core.database.models import User


def login(token: str) -> User:
    return AuthService().validate_token(token)
