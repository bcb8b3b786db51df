class Encoder:
    pass


class CoreOnly:
    pass
