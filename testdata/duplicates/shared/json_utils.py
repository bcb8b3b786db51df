import json

try:
    from shared.serialization import JsonEncoder
except ImportError:
    # Fallback copy "in case shared is not installed": a second implementation.
    class JsonEncoder(json.JSONEncoder):
        def default(self, o):
            return str(o)


def dumps(obj):
    return json.dumps(obj, cls=JsonEncoder)
