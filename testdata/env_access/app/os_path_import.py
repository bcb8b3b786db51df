import os.path

CONFIG_DIR = os.path.join(os.environ["HOME"], ".config", "app")
