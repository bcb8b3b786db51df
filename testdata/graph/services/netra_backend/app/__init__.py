"""The backend application: its public names are re-exported here."""
from .agents.registry import AgentRegistry
from .config import Settings, get_settings

__all__ = ["AgentRegistry", "Settings", "get_settings"]
