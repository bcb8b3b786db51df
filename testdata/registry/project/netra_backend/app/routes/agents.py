"""Agent routes."""
import requests

from netra_backend.app.agents.agent_registry_old import AgentRegistry
from netra_backend.app.agents.supervisor.agent_registry import AgentRegistry as Registry
from ..core.isolated_environment import get_env
from ..config import AppConfig


def list_agents():
    return requests.get(get_env().get("AGENTS_URL"), timeout=AppConfig().debug), Registry, AgentRegistry
