class UnifiedWebSocketManager:
    def __init__(self):
        self.connections = set()

    def connect(self, ws):
        self.connections.add(ws)


class Config:
    max_connections = 1000
