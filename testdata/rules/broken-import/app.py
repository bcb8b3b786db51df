# Error: paths the registry lists as broken.
from old.config import Settings  # error: broken-import
import old.utils  # error: broken-import

# OK: other statuses are other rules' findings.
from config.settings import Settings as Canonical
from config import Settings as Compatible
from legacy.settings import Settings as Deprecated
