# Info: a compatibility path instead of the canonical one.
from config import Settings  # info: non-canonical-import

# OK: the canonical path; deprecated and broken paths are other rules' findings.
from config.settings import Settings as Canonical
from legacy.settings import Settings as Deprecated
