# The same module name as netra_backend/app/core/__init__.py (`netra_backend.app.core`), but
# another file: two definitions of `CoreOnly` in two files are a duplicate.
class CoreOnly:
    pass
