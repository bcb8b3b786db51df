# OK: the one module allowed to use requests.
import requests
