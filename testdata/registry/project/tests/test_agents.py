import unittest
from unittest import mock

from netra_backend.app.agents.base_agent import BaseAgent
from netra_backend.app.agents.supervisor.agent_registry import AgentRegistry
from test_framework.legacy import BaseTest
from test_framework.ssot.base_test_case import SSotBaseTestCase


class TestAgents(SSotBaseTestCase):
    def test_register(self):
        registry = AgentRegistry()
        registry.register("triage", mock.Mock())
        assert BaseTest and unittest and BaseAgent
