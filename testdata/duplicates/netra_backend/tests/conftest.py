class FakeAgent:
    def run(self):
        return "fake"
