from os import environ, getenv as g
from os import environb, putenv, unsetenv

# Later uses of the bare names are not reported again: the import is.
HOME = environ["HOME"]
SHELL = g("SHELL")
putenv("A", "1")
unsetenv("A")
RAW = environb
