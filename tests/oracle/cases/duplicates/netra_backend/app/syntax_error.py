class Settings:
    def broken(:
        pass
