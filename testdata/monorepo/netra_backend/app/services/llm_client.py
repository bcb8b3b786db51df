"""Client for the LLM provider."""
import os as _os


class LLMClient:
    def __init__(self, model: str = "gpt-4o") -> None:
        self.model = model
        self.api_key = _os.getenv("OPENAI_API_KEY")
        self.environ = {"model": model}

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.api_key}"}
