"""Settings read straight from the environment (the thing ssotscan reports)."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]
DEBUG = os.getenv("DEBUG", "0") == "1"
