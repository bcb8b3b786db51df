from ..base import BaseAgent
from ..registry import AgentRegistry


class SupervisorAgent(BaseAgent):
    def make_registry(self) -> AgentRegistry:
        return AgentRegistry()
