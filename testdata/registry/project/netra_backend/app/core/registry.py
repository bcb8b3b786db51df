"""Deprecated location of the agent registry (removed after 2025-10)."""
from ..agents.supervisor.agent_registry import AgentRegistry  # noqa: F401
