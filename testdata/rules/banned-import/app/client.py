# Error: banned modules and relative imports.
import requests  # error: banned-import
from requests.adapters import HTTPAdapter  # error: banned-import
from . import helpers  # error: banned-import

# OK: unittest is banned in tests only.
import unittest
from shared import http
