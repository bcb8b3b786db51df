import os


def home():
    """Line endings are CRLF."""
    return os.environ["HOME"]
