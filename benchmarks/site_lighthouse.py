"""Lighthouse (mobile) on the reference frontend, examples/astro-site/.

Loads the demo carpentry site into a fresh CMS (renditions made up front, as
on a site in use), builds the static site from its export, serves it on
127.0.0.1 and runs Lighthouse 12 (the npm package pinned in the site's
package-lock.json) with Debian's Chromium against the home page, a project
page with its gallery, a news page and the contact page: its default mobile
profile, simulated slow 4G and a 4x slower CPU. Prints the four category
scores, the Largest Contentful Paint and the bytes transferred, and fails
when the site misses its targets: 100 in every category, LCP <= 1.2 s,
<= 150 KB for the project page.

Usage: .venv/bin/python benchmarks/site_lighthouse.py [--keep DIR]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.example_site import NODE_BIN, Cms, Site, free_port

PAGES = {
    "home": "/",
    "project": "/projekte/eichenkueche-herdern/",
    "news": "/aktuelles/neue-cnc-maschine/",
    "contact": "/kontakt/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LCP_TARGET_MS = 1200
PROJECT_BYTES_TARGET = 150 * 1024


def lighthouse(url: str, report: Path) -> dict:
    subprocess.run(
        [
            NODE_BIN / "lighthouse",
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
    )
    return json.loads(report.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse reports in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="site-lighthouse-") as tmp:
        directory = Path(tmp)
        (directory / "cms").mkdir()
        (directory / "site").mkdir()
        print("Loading the demo site and its renditions…", flush=True)
        cms = Cms(directory / "cms", free_port(), renditions=True)
        try:
            site = Site(directory / "site", free_port(), cms)
            reports = args.keep or directory / "reports"
            reports.mkdir(parents=True, exist_ok=True)
            rows, missed = [], []
            for name, path in PAGES.items():
                result = lighthouse(site.url + path, reports / f"{name}.json")
                scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
                lcp = result["audits"]["largest-contentful-paint"]["numericValue"]
                weight = result["audits"]["total-byte-weight"]["numericValue"]
                rows.append((name, *scores, lcp, weight))
                if min(scores) < 100 or lcp > LCP_TARGET_MS:
                    missed.append(name)
                if name == "project" and weight > PROJECT_BYTES_TARGET:
                    missed.append(f"{name} bytes")
            site.server.shutdown()
        finally:
            cms.stop()
    print(f"{'page':10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP s':>6} {'KB':>6}")
    for name, perf, a11y, best, seo, lcp, weight in rows:
        print(
            f"{name:10} {perf:5} {a11y:5} {best:5} {seo:5} {lcp / 1000:6.2f} {weight / 1024:6.1f}"
        )
    if missed:
        print(f"Missed the targets: {', '.join(missed)}")
        return 1
    print("Every target met: 100 in each category, LCP <= 1.2 s, project page <= 150 KB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
