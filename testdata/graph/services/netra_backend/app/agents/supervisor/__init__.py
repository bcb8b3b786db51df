from .agent import SupervisorAgent
