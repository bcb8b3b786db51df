"""HTTP routes of the backend."""
import importlib

import netra_backend.app.agents.supervisor.agent
import netra_backend.app.agent.base
from netra_backend.app import AgentRegistry, get_settings
from netra_backend.app.agents.agent_registry import AgentRegistry as Registry
from netra_backend.app.config import get_setings
from shared.flags import new_ui
from shared.logging_utils import get_logger

from . import config
from .agents import supervisor

log = get_logger(__name__)


def load_extension(name: str):
    from .extensions import loader

    return loader.load(name)


def handlers():
    return importlib.import_module("netra_backend.app.handlers")
