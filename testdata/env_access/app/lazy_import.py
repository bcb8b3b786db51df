"""`import os` inside a function still binds `os` in this file."""


def _load():
    import os

    return os.sep


PORT = int(os.environ.get("PORT", "8080"))
