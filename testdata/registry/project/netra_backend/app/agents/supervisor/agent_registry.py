"""The one registry of agent classes."""
from netra_backend.app.agents import BaseAgent


class AgentRegistry:
    def __init__(self):
        self._agents: dict[str, type[BaseAgent]] = {}

    def register(self, name, agent_cls):
        self._agents[name] = agent_cls

    def get_agent(self, name):
        return self._agents[name]
