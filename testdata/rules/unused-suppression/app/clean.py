"""Nothing here reads the environment."""
# ssotscan: ignore-file[env-access] left over from a move  # warning: unused-suppression

VALUE = 1
