DEFAULT_SCOPES = ("openid", "email")
