# A module that imports `os`: its attribute `os` is the module.
import os

settings = None
