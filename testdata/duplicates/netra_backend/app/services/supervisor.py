from netra_backend.app.websocket import UnifiedWebSocketManager

# An alias is another name for the same class, not a new definition.
WebSocketManager = UnifiedWebSocketManager


class AgentRegistry:
    """A third registry that grew its own features."""

    def __init__(self, strict=False):
        self.strict = strict
        self.agents = []

    def register(self, name, agent):
        self.agents.append((name, agent))


class Config:
    timeout = 30
