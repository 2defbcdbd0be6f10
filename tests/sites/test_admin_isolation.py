"""An editor of one client's site never sees or touches another client's objects.

The sweep walks every URL pattern of the admin, so a view added later, by us
or by a Wagtail upgrade, is checked without anyone remembering to.
"""

import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail_localize.models import OverridableSegment, StringSegment, Translation

from cms.booking import models as booking
from cms.content import models as content
from cms.content.translation import object_translate
from cms.provisioning import client_site_create
from cms.shop import models as shop
from sites.models import SiteSettings
from tests.content.factories import ContactPageFactory, StandardPageFactory
from tests.media_pipeline.factories import ImageFactory
from tests.security.conftest import enrolled_sign_in
from tests.shared_rows import rolled_back

pytestmark = pytest.mark.django_db

MARKER = "Zebramarker"
EDITOR_PASSWORD = "x" * 12
BOOKING_MODELS = ["office", "service", "staff", "absence", "booking"]
SHOP_DAY = date.today() + timedelta(days=1)
STRING_VALUES = {
    "app_label": ["content", "multisite", "media_pipeline", "wagtailcore", "booking", "shop"],
    "model_name": [
        "standardpage",
        "contactpage",
        "testimonial",
        "teammember",
        "sitesettings",
        *BOOKING_MODELS,
        "product",
        "deliveryzone",
        "deliveryday",
        "closedday",
        "order",
        "shopsettings",
    ],
    "action": ["delete", "publish", "unpublish", "move"],
    "action_name": ["approve", "reject", "publish"],
    "filter_spec": ["max-165x165"],
    # The shop's picking list of a day: the day of the other client's order.
    "day": [SHOP_DAY.isoformat()],
}
# Patterns that cannot be filled from the fixtures below; each says why it is safe.
UNFILLABLE = {
    "admin/^.*/$": "the catch-all 404 of the admin",
}
# Wagtail's deliberate error page, for checking that error reporting works;
# the logout view, which ends the session the sweep runs in (every URL after
# it would only redirect to the login page and check nothing).
SKIPPED = {"admin/failwhale/", "admin/logout/"}


def admin_routes() -> list[str]:
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif text.startswith("admin/"):
                routes.append(text)

    walk(get_resolver().url_patterns, "")
    return routes


def urls_for(route: str, ids: list[int]) -> list[str]:
    """Concrete URLs for a route: each id for its numeric parameters, known values for the rest."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(
        r"\(\?P<revision_id_a>[^)]*\)\\\.\\\.\\\.\(\?P<revision_id_b>[^)]*\)",
        "earliest...latest",
        route,
    )
    route = re.sub(r"\(\?P<pk>\\d\+\)", "<int:pk>", route)
    if "(" in route or ".*" in route:
        return []
    names = re.findall(r"<(\w+):(\w+)>", route)
    string_params = {
        name for conv, name in names if not (conv == "int" or name in ("pk", "object_id"))
    }
    string_choices = [
        {name: value} for name in string_params for value in STRING_VALUES.get(_kind(name), [])
    ]
    combos = _combine(string_params, string_choices)
    urls = []
    for combo in combos:
        for object_id in (
            ids if any(c == "int" or n in ("pk", "object_id") for c, n in names) else [0]
        ):
            url = route
            for conv, name in names:
                value = combo.get(name, object_id)
                url = url.replace(f"<{conv}:{name}>", str(value))
            urls.append("/" + url)
    return urls


def _kind(name: str) -> str:
    for kind in ("app_label", "model_name", "action_name", "action", "filter_spec"):
        if name.endswith(kind) or name == kind:
            return kind
    if name.endswith("app_name"):
        return "app_label"
    return name


def _combine(params, choices):
    """App and model names go together; other strings vary on their own."""
    if not params:
        return [{}]
    by_kind: dict[str, list] = {}
    for choice in choices:
        ((name, value),) = choice.items()
        by_kind.setdefault(_kind(name), []).append((name, value))
    combos = [{}]
    for entries in by_kind.values():
        combos = [combo | {name: value} for combo in combos for name, value in entries]
    return [combo for combo in combos if _names_a_model(combo)]


def _names_a_model(combo: dict) -> bool:
    """An app label with another app's model name (`wagtailcore/absence`) is a
    404 before any object is read, so it can show nothing of another client:
    only the pairs that name a model are worth a request."""
    by_kind = {_kind(name): value for name, value in combo.items()}
    if "app_label" not in by_kind or "model_name" not in by_kind:
        return True
    try:
        apps.get_model(by_kind["app_label"], by_kind["model_name"])
    except LookupError:
        return False
    return True


@pytest.fixture(scope="module")
def module_clients(django_db_setup, django_db_blocker):
    """The two clients, written once for this module's tests: each test's own
    changes are rolled back to them."""
    with rolled_back(django_db_blocker):
        yield clients_create()


@pytest.fixture
def clients(module_clients, db):
    return module_clients


def clients_create() -> dict:
    """Two clients' sites; the second's objects carry the MARKER in every text
    an admin view might show."""
    alpha = client_site_create(name="Alpha Carpentry", hostname="alpha.example")
    beta = client_site_create(name=f"{MARKER} Florist", hostname="beta.example")
    secret = StandardPageFactory(
        parent=beta.home,
        title=f"{MARKER} secret page",
        slug="secret",
        body=[{"type": "image", "value": {"image": ImageFactory().pk, "caption": MARKER}}],
    )
    secret.save_revision()
    contact = ContactPageFactory(parent=beta.home, title=f"{MARKER} contact", slug="contact")
    submission = FormSubmission.objects.create(
        page=contact, form_data={"message": f"{MARKER} submission"}
    )
    image = ImageFactory(title=f"{MARKER} image", collection=beta.collection)
    document = get_document_model().objects.create(
        title=f"{MARKER} document",
        collection=beta.collection,
        file=ContentFile(b"secret", name="beta.txt"),
    )
    testimonial = content.Testimonial.objects.create(
        site=beta.site, quote=f"{MARKER} was lovely", author=MARKER
    )
    member = content.TeamMember.objects.create(site=beta.site, name=MARKER)
    redirect = Redirect.objects.create(
        site=beta.site, old_path=f"/{MARKER.lower()}-old", redirect_link="https://x.example/"
    )
    appointments = _appointments(beta.site)
    # Both sites in two languages through wagtail-localize, so its translation
    # editor, sync, preview and PO file views have another client's ids to try.
    for instance in (alpha.home, beta.home, secret, testimonial):
        object_translate(instance=instance, language="en", texts={})
    translations = Translation.objects.filter(
        source__object__translation_key__in=[
            beta.home.translation_key,
            secret.translation_key,
            testimonial.translation_key,
        ]
    )
    settings_row = SiteSettings.objects.get(site=beta.site)
    shop_objects = _shop_objects(beta.site)
    beta_editor = get_user_model().objects.create_user(
        username=f"{MARKER.lower()}-editor", password="x" * 12
    )
    beta_editor.groups.add(beta.editors)
    editor = get_user_model().objects.create_user(username="alpha-editor", password=EDITOR_PASSWORD)
    editor.groups.add(alpha.editors)
    beta_ids = sorted(
        {
            beta.home.pk,
            secret.pk,
            secret.latest_revision_id,
            contact.pk,
            submission.pk,
            image.pk,
            document.pk,
            testimonial.pk,
            member.pk,
            redirect.pk,
            settings_row.pk,
            beta.site.pk,
            beta.collection.pk,
            beta.editors.pk,
            beta_editor.pk,
            *(row.pk for row in appointments),
            Page.get_first_root_node().pk,
            *translations.values_list("pk", flat=True),
            *translations.values_list("source_id", flat=True),
            *StringSegment.objects.filter(source__translations__in=translations).values_list(
                "pk", flat=True
            ),
            *OverridableSegment.objects.filter(source__translations__in=translations).values_list(
                "pk", flat=True
            ),
            *beta.home.get_translations().values_list("pk", flat=True),
            *secret.get_translations().values_list("pk", flat=True),
            *(obj.pk for obj in shop_objects),
        }
    )
    return {"editor": editor, "beta": beta, "beta_ids": beta_ids, "alpha": alpha}


def _appointments(site) -> list:
    """A tax office on the other client's site, with a booking whose intake answers
    name the marker, as the day list and the booking's own page would show them."""
    office = booking.Office.objects.create(site=site, name=f"{MARKER} office")
    service = booking.Service.objects.create(site=site, name=f"{MARKER} service")
    staff = booking.Staff.objects.create(site=site, name=f"{MARKER} adviser")
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    absence = booking.Absence.objects.create(
        site=site, staff=staff, start=start, end=start + timedelta(hours=1), reason=MARKER
    )
    row = booking.Booking.objects.create(
        site=site,
        service=service,
        staff=staff,
        start=start + timedelta(hours=2),
        end=start + timedelta(hours=3),
        blocked_start=start + timedelta(hours=2),
        blocked_end=start + timedelta(hours=3),
        status=booking.Booking.Status.PENDING,
        customer_name=f"{MARKER} client",
        answers={"q": MARKER},
    )
    return [office, service, staff, absence, row]


def _shop_objects(site) -> list:
    """Another client's shop, every object marked, with a paid order for SHOP_DAY."""
    product = shop.Product.objects.create(site=site, name=f"{MARKER} roses")
    variant = shop.ProductVariant.objects.create(
        product=product, name=MARKER, price="10.00", stock=1
    )
    zone = shop.DeliveryZone.objects.create(
        site=site, name=f"{MARKER} zone", postcode_prefixes="24", price="5.00"
    )
    day = shop.DeliveryDay.objects.create(site=site, date=SHOP_DAY, capacity=1)
    closed = shop.ClosedDay.objects.create(site=site, date=SHOP_DAY, reason=MARKER)
    settings = shop.ShopSettings.objects.create(site=site, legal_name=MARKER, address=MARKER)
    order = shop.Order.objects.create(
        site=site,
        status="paid",
        payment_method="invoice",
        date=SHOP_DAY,
        customer_name=f"{MARKER} customer",
        customer_email="zebra@example.com",
        gift_message=MARKER,
        subtotal="10.00",
        delivery_price="0.00",
        total="10.00",
        invoice_number=1,
    )
    line = shop.OrderLine.objects.create(
        order=order,
        variant=variant,
        description=MARKER,
        quantity=1,
        unit_price="10.00",
        vat_rate="0.07",
    )
    return [product, variant, zone, day, closed, settings, order, line]


# The sweep is the suite's longest test; in shards, pytest-xdist spreads it over
# the cores. Together the shards visit every route, each exactly once.
SWEEP_SHARDS = 4


def admin_sweep(client, beta_ids: list[int], routes: list[str]):
    """GETs every URL of the routes as the client's user; returns the leaks of
    another client's objects, the errors, and the routes it could not fill."""
    leaks, errors, unfilled = [], [], []
    for route in routes:
        if route in SKIPPED:
            continue
        urls = urls_for(route, beta_ids)
        if not urls:
            if route not in UNFILLABLE:
                unfilled.append(route)
            continue
        for url in urls:
            try:
                response = client.get(url)
            except Exception as error:
                errors.append(f"{url}: {error!r}")
                continue
            if response.status_code >= 500:
                errors.append(f"{url}: {response.status_code}")
            if _asks_to_sign_in(url, response.get("Location", "")):
                errors.append(f"{url}: redirected to sign in again; the sweep lost its session")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if MARKER.encode() in body or MARKER.lower().encode() in body:
                leaks.append(f"{url} ({response.status_code})")
    return leaks, errors, unfilled


def _asks_to_sign_in(url: str, location: str) -> bool:
    """The login page, or the second step from a page other than the second
    factor's own (enrolling again sends an enrolled person there)."""
    return "/login/" in location or (
        "/two-factor/verify/" in location and not url.startswith("/admin/two-factor/")
    )


@pytest.mark.long
@pytest.mark.parametrize("shard", range(SWEEP_SHARDS))
def test_no_admin_view_shows_another_clients_objects(client, clients, shard, settings):
    """As in production: two factors required, and the editor signed in and
    enrolled through the real views, so the sweep's session is the one a
    person gets (tests/e2e/test_two_factor.py walks the same steps in Chromium)."""
    settings.TWO_FACTOR_REQUIRED = True
    enrolled_sign_in(client, username=clients["editor"].username, password=EDITOR_PASSWORD)
    routes = admin_routes()[shard::SWEEP_SHARDS]
    leaks, errors, unfilled = admin_sweep(client, clients["beta_ids"], routes)
    assert not unfilled, f"admin views the sweep cannot reach: {unfilled}"
    assert not errors, "\n".join(errors)
    assert not leaks, "another client's objects shown at:\n" + "\n".join(leaks)


def test_another_clients_objects_cannot_be_changed_or_deleted(client, clients):
    beta = clients["beta"]
    client.force_login(clients["editor"])
    image = ImageFactory(title="Beta photo", collection=beta.collection)
    testimonial = content.Testimonial.objects.create(site=beta.site, quote="Lovely", author="Berta")
    page = StandardPageFactory(parent=beta.home, title="Beta page", slug="beta-page")
    pending = booking.Booking.objects.get(site=beta.site)
    attempts = [
        (f"/admin/booking/{pending.pk}/approve/", {}),
        (f"/admin/booking/{pending.pk}/decline/", {}),
        (f"/admin/images/{image.pk}/delete/", {}),
        (f"/admin/images/{image.pk}/edit/", {"title": "Taken over"}),
        (f"/admin/snippets/content/testimonial/delete/{testimonial.pk}/", {}),
        (f"/admin/snippets/content/testimonial/edit/{testimonial.pk}/", {"quote": "Taken over"}),
        (f"/admin/pages/{page.pk}/delete/", {}),
        (f"/admin/pages/{page.pk}/unpublish/", {}),
        (
            f"/admin/settings/multisite/sitesettings/{beta.site.pk}/",
            {"business_name": "Taken over"},
        ),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/login/" in response.url or response.url == "/admin/", url
    pending.refresh_from_db()
    assert pending.status == booking.Booking.Status.PENDING
    image.refresh_from_db()
    testimonial.refresh_from_db()
    page.refresh_from_db()
    assert image.title == "Beta photo"
    assert testimonial.quote == "Lovely"
    assert page.live
    assert SiteSettings.objects.get(site=beta.site).business_name != "Taken over"


def test_an_editor_uses_their_own_sites_snippets_and_pages(client, clients):
    alpha = clients["alpha"]
    client.force_login(clients["editor"])
    mine = content.Testimonial.objects.create(site=alpha.site, quote="Great work", author="Anna")
    listing = client.get("/admin/snippets/content/testimonial/").content.decode()
    assert "Anna" in listing
    response = client.post(
        f"/admin/snippets/content/testimonial/edit/{mine.pk}/",
        {"site": alpha.site.pk, "quote": "Great work!", "author": "Anna", "role": ""},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.quote == "Great work!"
    refused = client.post(
        "/admin/snippets/content/testimonial/add/",
        {"site": clients["beta"].site.pk, "quote": "Sneaky", "author": "X", "role": ""},
    )
    assert refused.status_code == 200
    assert "site" in refused.context["form"].errors
    chooser = client.get(f"/admin/choose-page/{alpha.home.pk}/")
    assert chooser.status_code == 200


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/admin/bulk/wagtailcore/page/{action}/?id={id}", "page"),
        ("/admin/bulk/media_pipeline/customimage/{action}/?id={id}", "image"),
        ("/admin/bulk/wagtaildocs/document/{action}/?id={id}", "document"),
        ("/admin/bulk/content/testimonial/{action}/?id={id}", "testimonial"),
        ("/admin/bulk/wagtailcore/page/{action}/?id=all&childOf={parent}", "page"),
        ("/admin/bulk/content/testimonial/{action}/?id=all", "testimonial"),
        ("/admin/bulk/media_pipeline/customimage/{action}/?id=all", "image"),
    ],
)
@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "add_tags", "add_to_collection"])
def test_bulk_actions_never_list_another_clients_objects(client, clients, url, kind, action):
    beta = clients["beta"]
    objects = {
        "page": StandardPageFactory(parent=beta.home, title=f"{MARKER} bulk page"),
        "image": ImageFactory(title=f"{MARKER} bulk image", collection=beta.collection),
        "document": get_document_model().objects.create(
            title=f"{MARKER} bulk doc",
            collection=beta.collection,
            file=ContentFile(b"x", name="b.txt"),
        ),
        "testimonial": content.Testimonial.objects.create(site=beta.site, quote="x", author=MARKER),
    }
    client.force_login(clients["editor"])
    response = client.get(url.format(action=action, id=objects[kind].pk, parent=beta.home.pk))
    assert response.status_code in (200, 302, 403, 404)
    assert MARKER.encode() not in response.content
    if response.status_code == 200 and action == "delete":
        assert client.post(
            url.format(action=action, id=objects[kind].pk, parent=beta.home.pk)
        ).status_code in (
            200,
            302,
            403,
            404,
        )
        assert type(objects[kind]).objects.filter(pk=objects[kind].pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/search/?q={q}",
        "/admin/pages/search/results/?q={q}",
        "/admin/choose-page/search/?q={q}",
        "/admin/images/?q={q}",
        "/admin/images/chooser/results/?q={q}",
        "/admin/documents/?q={q}",
        "/admin/documents/chooser/results/?q={q}",
        "/admin/snippets/content/testimonial/?q={q}",
        "/admin/snippets/choose/content/testimonial/results/?q={q}",
        "/admin/forms/?q={q}",
        "/admin/reports/site-history/?q={q}",
        "/admin/api/main/pages/?search={q}",
        "/admin/api/main/images/?search={q}",
    ],
)
def test_searching_never_finds_another_clients_objects(
    client, clients, url, django_capture_on_commit_callbacks
):
    beta = clients["beta"]
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=beta.home, title=f"{MARKER} findable", slug="findable")
        ImageFactory(title=f"{MARKER} findable", collection=beta.collection)
        get_document_model().objects.create(
            title=f"{MARKER} findable",
            collection=beta.collection,
            file=ContentFile(b"x", name="findable.txt"),
        )
        content.Testimonial.objects.create(site=beta.site, quote="x", author=f"{MARKER} findable")
    client.force_login(clients["editor"])
    response = client.get(url.format(q="findable"))
    assert response.status_code in (200, 403, 404), url
    assert MARKER.encode() not in response.content
