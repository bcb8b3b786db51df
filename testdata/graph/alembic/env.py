from alembic import context
from shared.config import load_config

config = context.config
