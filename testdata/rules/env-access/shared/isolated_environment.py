# OK: the one module allowed to read the environment.
import os


def get_env(key):
    return os.environ.get(key)
