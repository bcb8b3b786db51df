from shared.config import load_config

from .. import settings
