from netra_backend.app.agents.registry import AgentRegistry


class FakeAgent:
    def run(self):
        return "ok"


def test_register():
    registry = AgentRegistry()
    registry.register("fake", FakeAgent())
    assert registry.get("fake") is not None
