import logging
from typing import Protocol

class LoggerLike(Protocol):
    def info(self, msg: str) -> None: ...

def get_logger(name: str) -> logging.Logger: ...
