"""Compatibility alias: re-exports the supervisor registry."""
from netra_backend.app.agents.supervisor.agent_registry import AgentRegistry

__all__ = ["AgentRegistry"]
