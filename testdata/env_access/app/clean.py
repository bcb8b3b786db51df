from shared.isolated_environment import get_env

DATABASE_URL = get_env().get("DATABASE_URL")
