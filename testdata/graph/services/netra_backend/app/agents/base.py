from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.agents.registry import AgentRegistry
    from netra_backend.app.agents.registry import AgentRegistery
    from shared.logging_utils import LoggerLike


class BaseAgent:
    registry: "AgentRegistry"
    log: "LoggerLike"
