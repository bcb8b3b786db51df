# Kept for reference; `archive/` directories are skipped by default.
import os

SECRET = os.environ["LEGACY_SECRET"]
