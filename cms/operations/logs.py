"""Log records with nothing secret in them.

No library fits: the redaction filters on PyPI either mask whole known
attributes or need the secret values in advance, while ours must mask values
by the name they appear under (a query string, a header, a dict, a form body)
in messages, extras and tracebacks alike. The JSON formatting is
python-json-logger's and the request id django-guid's (cms/settings/production.py).
"""

import logging
import re
from collections.abc import Mapping

from django.http import HttpRequest

REDACTED = "[redacted]"

# Names under which a secret travels: form fields, query parameters, headers,
# cookies, dict keys (sessionid, csrftoken, csrfmiddlewaretoken and
# X-Webhook-Secret included, since they contain one of these words).
SENSITIVE_NAME = (
    r"[\w.-]*?(?:passw(?:or)?d|passphrase|pwd|token|secret|session|csrf|authorization|cookie"
    r"|signature|api[_-]?key|private[_-]?key|credential)[\w.-]*"
)
SENSITIVE_KEY = re.compile(rf"^{SENSITIVE_NAME}$", re.IGNORECASE)
# name=value, name: value, 'name': 'value', "name": "value"; a value runs to
# the next separator, with an auth scheme (Bearer, Basic, Token) kept visible.
# Names (and URL schemes below) start where a run of their characters does:
# tried at every position of a long run (a 10 KB Host header), the scan made
# redaction quadratic, 27 s of CPU for one hostile request.
SENSITIVE_PAIR = re.compile(
    rf"""(?<![\w.-])(?P<name>{SENSITIVE_NAME})(?P<sep>['"]?\s*[:=]\s*['"]?)"""
    r"""(?P<scheme>(?:Bearer|Basic|Token|Digest)\s+)?(?P<value>[^\s&;,'"}\]]+)""",
    re.IGNORECASE,
)
# A multipart form field, raw or repr()'d: its value runs to the next boundary.
MULTIPART_FIELD = re.compile(
    rf"""(?P<name>name=\\?["']{SENSITIVE_NAME}\\?["']).*?(?=--|$)""",
    re.IGNORECASE | re.DOTALL,
)
# user:password@host in a URL (database, Redis, SMTP).
URL_CREDENTIALS = re.compile(
    r"(?<![a-z0-9+.-])(?P<start>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@", re.IGNORECASE
)


def redact_text(text: str) -> str:
    text = URL_CREDENTIALS.sub(rf"\g<start>{REDACTED}@", text)
    text = MULTIPART_FIELD.sub(rf"\g<name> {REDACTED}", text)
    return SENSITIVE_PAIR.sub(rf"\g<name>\g<sep>\g<scheme>{REDACTED}", text)


def redact(value):
    """A copy of a logged value with every secret replaced, looked up by name."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, HttpRequest):
        # Django's request logs pass the request itself; its repr holds the
        # query string. The path alone is what a reader needs.
        return f"{value.method} {value.path}"
    if isinstance(value, Mapping):
        return {
            key: REDACTED if SENSITIVE_KEY.match(str(key)) else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set):
        return type(value)(redact(item) for item in value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact_text(str(value))


# The attributes every record has; anything else came as `extra=`.
RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RedactingFilter(logging.Filter):
    """Masks secrets in a record's message, extras and traceback, before any
    formatter sees it. Put it on the handler, so records of every logger pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, Mapping):
            record.msg = redact(record.msg)
        else:
            record.msg = redact_text(record.getMessage())
        record.args = ()
        for name, value in list(vars(record).items()):
            if name not in RECORD_ATTRIBUTES:
                setattr(record, name, REDACTED if SENSITIVE_KEY.match(name) else redact(value))
        if record.exc_info:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        return True
