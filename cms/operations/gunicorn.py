"""gunicorn's settings in the container: `gunicorn --config python:cms.operations.gunicorn`.

Its own logs (start, worker deaths, the access log) go to stdout as JSON lines
like Django's, through the same redaction. The access log names the path
without its query string: preview tokens travel there.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A request is answered or given up well before the balancer's own timeout;
# on a rolling restart, running requests get this long to finish.
timeout = 60
graceful_timeout = 30
# The balancer in front sets X-Forwarded-For/-Proto; it is the only client.
forwarded_allow_ips = "*"

accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s bytes %(M)s ms request_id=%({x-request-id}o)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "cms.operations.logs.RedactingFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, whatever TIME_ZONE the process runs in.
            "timestamp": "time",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["redact"],
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
