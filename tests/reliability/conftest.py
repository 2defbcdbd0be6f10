import os

import pytest

# Slow by design (large sites, fuzzing): run with RELIABILITY=1, e.g. `make test-reliability`.
RELIABILITY = os.environ.get("RELIABILITY") == "1"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="reliability test: set RELIABILITY=1 to run")
    here = os.path.dirname(__file__)
    for item in items:
        if not RELIABILITY and str(item.path).startswith(here):
            item.add_marker(skip)
