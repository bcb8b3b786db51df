"""Listed as broken in the registry, but it still exists and re-exports the model."""
from auth_service.auth_core.database.models import User  # noqa: F401
