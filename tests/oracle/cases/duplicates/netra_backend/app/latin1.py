class Settings:
    name = "é"
