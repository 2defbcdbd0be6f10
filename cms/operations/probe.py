"""The container's HEALTHCHECK: does this container's web process answer /healthz?

Plain Python without Django (the slim image has no curl, and loading Django
for every probe would cost a second of CPU). Exit status 0 healthy, 1 not.
"""

import os
import sys
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
