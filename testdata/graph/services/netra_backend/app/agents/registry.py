"""The agent registry: every agent class registers itself here."""
from typing import TYPE_CHECKING

from netra_backend.app.agents.supervisor import SupervisorAgent

if TYPE_CHECKING:
    from netra_backend.app.agents.base import BaseAgent


class AgentRegistry:
    def __init__(self) -> None:
        self.agents: dict[str, "BaseAgent"] = {}
        self.supervisor = SupervisorAgent
