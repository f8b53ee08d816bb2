"""JSON text of the review documents, for `--format json` and the web API.

Light on purpose: `redline list --format json` writes 10,000 watches through it without loading
the renderers.
"""

import json
from datetime import datetime


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


# One encoder for every compact document: `json.dumps` with a `default` builds a new one a call.
_COMPACT = json.JSONEncoder(default=_default, ensure_ascii=False)


def to_json(data: object, *, indent: int | None = None) -> str:
    """JSON text with datetimes as ISO 8601 and non-ASCII text kept readable."""
    if indent is None:
        return _COMPACT.encode(data)
    return json.dumps(data, default=_default, ensure_ascii=False, indent=indent)
