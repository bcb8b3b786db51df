class WebSocketManager:
    """The old manager; services/supervisor.py only aliases the new one under this name."""

    def send(self, message):
        raise NotImplementedError
