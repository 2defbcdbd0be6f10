"""An editor of one client's site never sees or touches another client's objects.

The sweep walks every URL pattern of the admin, so a view added later, by us
or by a Wagtail upgrade, is checked without anyone remembering to.
"""

import functools
import inspect
import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.views import EditView as SettingEditView
from wagtail.contrib.settings.views import PreviewOnEdit as SettingPreview
from wagtail.contrib.settings.views import get_model_from_url_params as settings_model_from_url
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.snippets.views.snippets import (
    get_snippet_model_from_url_params as snippet_model_from_url,
)
from wagtail_localize.models import OverridableSegment, StringSegment, Translation
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetAPIViewSet
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

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
    return list(_admin_views())


@functools.cache
def _admin_views() -> dict[str, Callable]:
    """Every admin URL pattern, with the view it calls."""
    views = {}

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif text.startswith("admin/"):
                views[text] = pattern.callback

    walk(get_resolver().url_patterns, "")
    return views


def urls_for(route: str, ids: list[int]) -> list[str]:
    """Concrete URLs for a route: each id for its numeric parameters, known values for the rest."""
    return [url for url, _ in _urls_and_refusals(route, ids)]


def _urls_and_refusals(route: str, ids: list[int]) -> list[tuple[str, bool]]:
    """The route's URLs, each with whether it probes a view that refuses the
    URL's model before reading anything by id: such a pair gets only the
    first id (see `_refuses_model`)."""
    model_check = _model_check(_admin_views().get(route))
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
    takes_id = any(c == "int" or n in ("pk", "object_id") for c, n in names)
    urls = []
    for combo in combos:
        refused = takes_id and _refuses_model(model_check, combo)
        for object_id in (ids[:1] if refused else ids) if takes_id else [0]:
            url = route
            for conv, name in names:
                value = combo.get(name, object_id)
                url = url.replace(f"<{conv}:{name}>", str(value))
            urls.append(("/" + url, refused))
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


def _model_check(view) -> Callable | None:
    """The function with which the route's view, before it reads anything by
    the URL's ids, turns a model it does not serve into a 404; taken from the
    view itself, so it is Wagtail's own registry that decides:

    - the page views routed by type (add a page, its preview, the type's
      usage) go through `PageViewSetRegistry.as_view`'s router, which looks
      the type up with `get_by_content_type_natural_key` (404 unless a Page
      subclass) before it calls the view, so before the parent is read;
    - the settings edit view and its preview call `get_model_from_url_params`
      (404 unless registered as a setting) in `setup`, before `get_object`;
    - wagtail-localize's snippet API and snippet translation view call
      `get_snippet_model_from_url_params` (404 unless a registered snippet)
      before their queryset or object, after only id-free permission checks.
    """
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is not None and issubclass(view_class, (SettingEditView, SettingPreview)):
        return settings_model_from_url
    if view_class is not None and issubclass(
        view_class, (LocalizeSnippetAPIViewSet, SubmitSnippetTranslationView)
    ):
        return snippet_model_from_url
    if _routes_by_type(view):
        return page_viewset_registry.get_by_content_type_natural_key
    return None


def _routes_by_type(view) -> bool:
    """Wagtail's page router that picks the view by the page type in the URL
    (not by a page id, which it would read first)."""
    if getattr(view, "__qualname__", "") != "PageViewSetRegistry.as_view.<locals>.view_router":
        return False
    get_viewset = inspect.getclosurevars(inspect.unwrap(view)).nonlocals["get_viewset"]
    return "get_by_content_type_natural_key" in get_viewset.__code__.co_names


def _refuses_model(model_check: Callable | None, combo: dict) -> bool:
    """Whether the view refuses the combination's model before it reads
    anything by id. Then every id gets a 404 that shows nothing: before the
    view, only our isolation middleware reads by id, and on these routes it
    can only refuse with a 404 as well, by the same reads for every model;
    the pairs the view serves still get every id. So the first id, a probe,
    stands for the rest, and the sweep requires the probe's 404."""
    by_kind = {_kind(name): value for name, value in combo.items()}
    if model_check is None or "app_label" not in by_kind or "model_name" not in by_kind:
        return False
    try:
        model_check(by_kind["app_label"], by_kind["model_name"])
    except (Http404, ObjectDoesNotExist):  # as the page router, which turns the latter into a 404
        return True
    return False


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


def sweep_shard(shard: int, ids: list[int]) -> list[str]:
    """The shard's routes: each route in turn, most URLs first, goes to the
    shard with the fewest URLs so far, so the shards take about as long."""
    counts = {route: max(len(urls_for(route, ids)), 1) for route in admin_routes()}
    shards: list[list[str]] = [[] for _ in range(SWEEP_SHARDS)]
    sizes = [0] * SWEEP_SHARDS
    for route in sorted(counts, key=counts.get, reverse=True):
        smallest = sizes.index(min(sizes))
        shards[smallest].append(route)
        sizes[smallest] += counts[route]
    return shards[shard]


def admin_sweep(client, beta_ids: list[int], routes: list[str]):
    """GETs every URL of the routes as the client's user; returns the leaks of
    another client's objects, the errors, and the routes it could not fill."""
    leaks, errors, unfilled = [], [], []
    for route in routes:
        if route in SKIPPED:
            continue
        urls = _urls_and_refusals(route, beta_ids)
        if not urls:
            if route not in UNFILLABLE:
                unfilled.append(route)
            continue
        for url, refused in urls:
            try:
                response = client.get(url)
            except Exception as error:
                errors.append(f"{url}: {error!r}")
                continue
            if response.status_code >= 500:
                errors.append(f"{url}: {response.status_code}")
            if refused and response.status_code != 404:
                errors.append(f"{url}: {response.status_code}, but its view refuses the model")
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
    routes = sweep_shard(shard, clients["beta_ids"])
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
