def parse_flag(value):
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    return False
