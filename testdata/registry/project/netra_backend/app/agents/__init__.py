"""Agents package: re-exports the base class."""
from netra_backend.app.agents.base_agent import BaseAgent

__all__ = ["BaseAgent"]
