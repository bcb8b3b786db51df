"""Authentication."""
from auth_service.auth_core.database.models import User


class AuthService:
    def validate_token(self, token: str) -> User:
        return User()
