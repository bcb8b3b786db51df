# ssotscan: ignore-file[env-access] the one module that reads the environment
import os


def get_env(name):
    return os.environ.get(name)
