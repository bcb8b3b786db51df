from . import scopes
from .scopes import DEFAULT_SCOPES
