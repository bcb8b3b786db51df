from netra_backend.app.config import load_config


def health() -> dict:
    config = load_config()
    return {"status": "ok", "debug": config.debug}
