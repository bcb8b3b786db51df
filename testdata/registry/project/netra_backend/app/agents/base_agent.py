"""The base class of every agent."""


class BaseAgent:
    name = "base"
