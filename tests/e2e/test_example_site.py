"""The reference frontend (examples/astro-site/) as its visitors and its owner see it.

Once for the module: a CMS (runserver, with the demo carpentry site in a
SQLite database of its own, tasks run in-process so that publishing sends the
webhook at once), the static site built from its export and served on
127.0.0.1, and the site's webhook receiver. Not for the session: the tests
after this module on the same worker need none of it, and Chromium's
Playwright loop, left running, would make Django refuse their database
queries as asynchronous. What these tests prove is the
frontend's and the loop's behaviour; the export, forms and webhooks behind it
are tested on both databases in tests/publishing and tests/api, so this
module runs in the SQLite run only.

Screenshots of every page type on a phone and a desktop are written to
var/screenshots/example-site/.
"""

import os
import re
import subprocess

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD
from tests.e2e.example_site import (
    NODE,
    NODE_BIN,
    ROOT,
    Cms,
    Site,
    free_port,
    listening,
    project_copy,
    wait_until,
)

SCREENSHOTS = ROOT / "var" / "screenshots" / "example-site"
WEBHOOK_SECRET = "example-site-webhook-secret"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
# A rendition's width, from its URL on the CMS: /media-pipeline/<id>/<crop>/<width>.<format>
# before it exists, then /media/images/<name>.<crop>-<width>[.<hash>].<format>.
RENDITION_WIDTH = re.compile(r"[/-](\d+)(?:\.[0-9a-f]{8})?\.(?:avif|webp|jpg|png)$")
PAGE_TYPES = {
    "home": "/",
    "projects": "/projekte/",
    "project": "/projekte/eichenkueche-herdern/",
    "news": "/aktuelles/",
    "news-page": "/aktuelles/neue-cnc-maschine/",
    "contact": "/kontakt/",
    "imprint": "/impressum/",
    "english-project": "/en/projects/oak-kitchen-herdern/",
}

pytestmark = [
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="the site's CMS runs on its own SQLite database: once, in the SQLite run",
    ),
    # Its module builds a CMS and the site (tests/conftest.py says why first).
    pytest.mark.long,
]


@pytest.fixture(scope="module")
def site_tools():
    if not (NODE_BIN / "astro").exists():
        pytest.fail("examples/astro-site has no node_modules: run `make site-tools`")


@pytest.fixture(scope="module")
def site_port():
    return free_port()


@pytest.fixture(scope="module")
def cms(request, tmp_path_factory, site_port):
    """The demo, the static site's origin in its settings, and the owner's
    account (site-owner), all made by the process that loads the demo."""
    origin = f"http://127.0.0.1:{site_port}"
    setup = [
        "from wagtail.models import Site",
        "from sites.models import SiteSettings",
        "settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))",
        f"settings.cors_allowed_origins = {origin!r}",
        f"settings.frontend_base_url = {origin!r}",
        "settings.save()",
        "from django.contrib.auth import get_user_model",
        "get_user_model().objects.create_superuser("
        f"username='site-owner', email='owner@brandt.example', password={PASSWORD!r})",
    ]
    template = getattr(request.config, "workerinput", {}).get("template_database")
    cms = Cms(tmp_path_factory.mktemp("cms"), free_port(), template=template, setup=setup)
    yield cms
    cms.stop()


@pytest.fixture(scope="module")
def site(site_tools, cms, site_port, tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("site"), site_port, cms)
    yield site
    site.server.shutdown()


@pytest.fixture(scope="module")
def webhook_receiver(site, cms):
    port = free_port()
    receiver = subprocess.Popen(
        [NODE, "scripts/webhook.mjs"],
        cwd=site.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**site.env, "WEBHOOK_SECRET": WEBHOOK_SECRET, "WEBHOOK_PORT": str(port)},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/rebuild"
    wait_until(lambda: listening(port), timeout=20, message="webhook receiver not up")
    cms.shell(
        "from wagtail.models import Site\n"
        "from cms.publishing.models import WebhookEndpoint\n"
        "WebhookEndpoint.objects.create(site=Site.objects.get(is_default_site=True), "
        f"name='Static site', url={url!r}, secret={WEBHOOK_SECRET!r})\n"
    )
    yield url
    receiver.terminate()
    receiver.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class Visit:
    """One page view in a fresh browser context: what it logged and which images it fetched."""

    def __init__(self, chromium, url: str, device: dict, scale: float = 1):
        self.context = chromium.new_context(**device, device_scale_factor=scale)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.images = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfinished", self._finished)
        self.response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def _finished(self, request):
        if request.resource_type == "image":
            self.images.append(request)

    def image_widths(self) -> list[int]:
        return [int(m[1]) for r in self.images if (m := RENDITION_WIDTH.search(r.url))]

    def image_bytes(self) -> int:
        return sum(request.sizes()["responseBodySize"] for request in self.images)

    def scrolls_sideways(self) -> bool:
        return self.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )

    def images_without_alt(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "img", "images => images.filter(i => !i.alt.trim()).map(i => i.currentSrc || i.src)"
        )

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(chromium, site):
    opened = []

    def open_visit(path: str, device: dict, scale: float = 1) -> Visit:
        opened.append(Visit(chromium, site.url + path, device, scale))
        return opened[-1]

    yield open_visit
    for visited in opened:
        visited.close()


@pytest.mark.parametrize(("scale", "largest"), [(1, 640), (2, 1280)])
def test_a_project_page_on_a_phone_is_light_and_fits(visit, scale, largest):
    phone = visit(PAGE_TYPES["project"], PHONE, scale)

    assert phone.response.status == 200
    assert phone.page.locator("h1").inner_text() == "Eichenküche in Herdern"
    assert phone.images, "the hero and the gallery are shown"
    assert max(phone.image_widths()) <= largest
    assert phone.image_bytes() < 500_000
    assert not phone.scrolls_sideways()
    assert phone.errors == []
    assert phone.images_without_alt() == []


def test_a_desktop_gets_the_larger_renditions(visit):
    desktop = visit(PAGE_TYPES["project"], DESKTOP)
    phone = visit(PAGE_TYPES["project"], PHONE)

    assert max(desktop.image_widths()) > max(phone.image_widths())
    assert max(desktop.image_widths()) >= 1280
    assert desktop.errors == []


def test_only_the_largest_image_in_view_loads_eagerly(visit):
    phone = visit(PAGE_TYPES["project"], PHONE)

    loading = phone.page.eval_on_selector_all("main img, .hero img", "i => i.map(i => i.loading)")
    assert loading[0] == "eager"
    assert set(loading[1:]) == {"lazy"}
    sources = phone.page.eval_on_selector_all(
        ".hero source", "s => s.map(s => [s.type, s.srcset.split(',').length])"
    )
    assert sources == [["image/avif", 5], ["image/webp", 5]]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_on_phone_and_desktop(visit, page_type):
    for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
        view = visit(PAGE_TYPES[page_type], device)
        assert view.response.status == 200
        assert not view.scrolls_sideways(), device_name
        assert view.errors == [], device_name
        assert view.images_without_alt() == [], device_name
        view.screenshot(f"{page_type}-{device_name}")


def test_the_language_switch_follows_the_page_translations(visit, site):
    phone = visit(PAGE_TYPES["project"], PHONE)
    hreflang = phone.page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, l.href])"
    )
    assert hreflang == [
        ["de", f"{site.url}/projekte/eichenkueche-herdern/"],
        ["en", f"{site.url}/en/projects/oak-kitchen-herdern/"],
        ["x-default", f"{site.url}/projekte/eichenkueche-herdern/"],
    ]

    with phone.page.expect_navigation():
        phone.page.get_by_role("link", name="English").click()

    assert phone.page.url == f"{site.url}/en/projects/oak-kitchen-herdern/"
    assert phone.page.locator("html").get_attribute("lang") == "en"
    assert phone.page.get_by_role("link", name="Deutsch").get_attribute("href") == (
        "/projekte/eichenkueche-herdern/"
    )
    sitemap = (site.dist / "sitemap.xml").read_text()
    assert f"<loc>{site.url}/en/projects/oak-kitchen-herdern/</loc>" in sitemap


def sign_in(chromium, cms):
    context = chromium.new_context(base_url=cms.url)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "site-owner")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.login-form button[type=submit]")
    return context, page


def test_the_contact_form_posts_to_the_api_and_shows_in_the_admin(visit, chromium, cms, site):
    phone = visit(PAGE_TYPES["contact"], PHONE)
    form = phone.page.locator("form.contact")
    form.get_by_label("Ihr Name").fill("Erika Muster")
    form.get_by_label("E-Mail").fill("erika@example.org")
    form.get_by_label("Was dürfen wir für Sie bauen?").select_option("Treppe")
    form.get_by_label("Ihre Nachricht").fill("Eine Treppe aus Eiche, bitte.")

    with phone.page.expect_response(lambda r: "/submissions/" in r.url) as answer:
        form.get_by_role("button").click()

    assert answer.value.status == 201
    assert phone.page.get_by_role("status").first.inner_text() != ""
    assert phone.errors == []
    form_id = site.page_id(PAGE_TYPES["contact"])
    context, admin = sign_in(chromium, cms)
    admin.goto(f"/admin/forms/submissions/{form_id}/")
    assert "Eine Treppe aus Eiche, bitte." in admin.content()
    context.close()


def test_edit_publish_webhook_rebuild_in_the_real_admin(visit, chromium, cms, site,
                                                        webhook_receiver):  # fmt: skip
    path = "/projekte/nussbaum-esstisch/"
    untouched = site.html("/projekte/bibliothek-pfarrhaus/").stat().st_mtime_ns
    page_id = site.page_id(path)
    context, admin = sign_in(chromium, cms)
    admin.goto(f"/admin/pages/{page_id}/edit/")
    admin.fill("#id_title", "Esstisch aus Nussbaum, frisch geölt")
    admin.click("footer .w-dropdown-button [data-w-dropdown-target=toggle]")
    with admin.expect_navigation():
        admin.click("button[name=action-publish]")
    context.close()

    wait_until(
        lambda: "frisch geölt" in site.html(path).read_text(),
        timeout=60,
        message="the static page never showed the published change",
    )
    phone = visit(path, PHONE)
    assert phone.page.locator("h1").inner_text() == "Esstisch aus Nussbaum, frisch geölt"
    # Only the page and the listings that show it were rendered again.
    assert site.html("/projekte/bibliothek-pfarrhaus/").stat().st_mtime_ns == untouched


def test_an_incremental_build_deletes_unpublished_pages(cms, site, webhook_receiver):
    gone = "/aktuelles/holz-aus-der-region/"
    kept = site.html("/aktuelles/neue-cnc-maschine/").stat().st_mtime_ns
    cms.shell(
        "from wagtail.models import Page\n"
        f"Page.objects.get(url_path__endswith={gone!r}).unpublish()\n"
    )

    wait_until(
        lambda: not site.html(gone).exists(),
        timeout=60,
        message="the unpublished page is still on the static site",
    )
    assert gone not in site.html("/aktuelles/").read_text()
    assert gone not in (site.dist / "sitemap.xml").read_text()
    assert site.html("/aktuelles/neue-cnc-maschine/").stat().st_mtime_ns == kept


def test_the_site_type_checks_against_the_committed_contract(site_tools, tmp_path):
    """A breaking change of contract/openapi.json fails here before any visitor sees it.
    In a copy of the project, so the generated src/api.d.ts stays out of the checkout."""
    root = project_copy(tmp_path)
    env = {"PATH": os.environ["PATH"], "ASTRO_TELEMETRY_DISABLED": "1"}
    subprocess.run(
        [NODE_BIN / "openapi-typescript", ROOT / "contract/openapi.json", "-o", "src/api.d.ts"],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip
    checked = subprocess.run(
        [NODE_BIN / "astro", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
