"""The one accessor of the process environment."""
import os


class IsolatedEnvironment:
    def get(self, key, default=None):
        return os.environ.get(key, default)


def get_env():
    return IsolatedEnvironment()
