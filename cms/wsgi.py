import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()
# The URL conf (the API and its document with it) loads now, not on the first request.
get_resolver().url_patterns  # noqa: B018
# Everything loaded so far lives as long as the worker. Frozen, it is no longer
# walked by every full garbage collection: over a loaded Wagtail one took
# 100-300 ms, on average ~1.7 ms of each page detail (benchmarks/api_throughput.py).
gc.freeze()
