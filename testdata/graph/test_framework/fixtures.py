from netra_backend.app.agents.registry import AgentRegistry
from test_framework.factories import make_agent
