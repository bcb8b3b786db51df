# Error: paths the registry lists as deprecated.
from legacy.settings import Settings  # warning: deprecated-import
from legacy.helpers import helper  # warning: deprecated-import

# OK: canonical, compatible, and broken (another rule).
from config.settings import Settings as Canonical
from config import Settings as Compatible
from old.config import Settings as Broken
