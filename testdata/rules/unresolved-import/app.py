# Error: modules and names that do not exist.
import pkg.missing  # error: unresolved-import
from pkg.gone import Engine  # error: unresolved-import
from pkg.core import start_engin  # error: unresolved-import
from pkg import Nope  # error: unresolved-import

try:
    from pkg.optional import Fast  # info: unresolved-import
except ImportError:
    Fast = None

# OK: what exists, re-exports, `__getattr__` modules and third-party packages.
import pkg.core
from pkg import Engine
from pkg.core import start_engine
from pkg.lazy import anything
import requests
from collections import OrderedDict
