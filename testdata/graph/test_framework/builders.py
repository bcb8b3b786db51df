from netra_backend.app.agents.registry import AgentRegistry


def make_agent(registry: AgentRegistry):
    return registry.supervisor()
