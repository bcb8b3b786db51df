# Copied from agents/registry.py during the core refactor.
import logging

logger = logging.getLogger(__name__)


class AgentRegistry:
    """Registry of agents (core copy)."""

    def __init__(self):
        self._agents = {}

    def register(self, name, agent):
        if name in self._agents:
            raise ValueError(f"agent {name!r} is already registered")
        self._agents[name] = agent
        logger.info("registered agent %s", name)

    def get(self, name):
        return self._agents.get(name)


class _RegistryCache:
    def __init__(self):
        self.entries = {}
        self.hits = 0
        self.misses = 0
        self.limit = 128
        self.enabled = True


def get_logger(name):
    return logging.getLogger(name)
