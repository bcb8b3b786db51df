class Engine:
    pass


def start_engine():
    return Engine()
