class FakeAgent:
    """Shared fake for every service's tests (a source file: compared with source only)."""

    def run(self):
        return "ok"
