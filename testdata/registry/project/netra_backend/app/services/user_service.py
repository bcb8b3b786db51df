"""User service."""
from netra_backend.app.agents.registry import AgentRegistry
from netra_backend.app.core.registry import AgentRegistry as LegacyRegistry
from netra_backend.app.db.session import get_session
from shared.types import UserID


class UserService:
    def __init__(self, registry: AgentRegistry, legacy: LegacyRegistry):
        self.registry = registry
        self.session = get_session()

    def get_user(self, user_id: UserID):
        return self.session
