# Re-export: binding the name by import is not a definition.
from netra_backend.app.websocket.manager import UnifiedWebSocketManager

__all__ = ["UnifiedWebSocketManager"]
