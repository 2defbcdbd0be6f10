"""The OpenAPI document is the contract frontends generate their code from:
committed, exact down to each block, and what the API really answers."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema_rs
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from wagtail.models import Page, Site

from cms.api.page_fields import PAGE_FIELDS
from cms.content.blocks import BodyBlock
from cms.wsgi import application
from tests.content.factories import HomePageFactory

pytestmark = pytest.mark.django_db

CONTRACT = Path(__file__).resolve().parents[2] / "contract"
DOCUMENT = CONTRACT / "openapi.json"
BIN = CONTRACT / "node_modules" / ".bin"


def test_the_committed_document_is_the_one_the_code_generates(client):
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads(DOCUMENT.read_text())
    assert served == committed, "The API changed its contract: run `make contract` and commit it."


def test_every_page_type_and_every_block_is_described():
    schemas = json.loads(DOCUMENT.read_text())["components"]["schemas"]
    page_detail = schemas["PageDetail"]
    assert set(page_detail["discriminator"]["mapping"]) == {
        model._meta.label for model in PAGE_FIELDS
    }
    body = schemas["BodyBlock"]
    assert set(body["discriminator"]["mapping"]) == set(BodyBlock.base_blocks)
    gallery = schemas["GalleryBlock"]["properties"]["images"]["items"]
    assert gallery == {"$ref": "#/components/schemas/ImageWithCaptionBlock"}


def _strict(node):
    """The document with every object closed: an answer with a field the
    document does not name fails, as a generated client would never see it."""
    if isinstance(node, dict):
        closed = {key: _strict(value) for key, value in node.items()}
        if closed.get("type") == "object" and "properties" in closed:
            closed.setdefault("additionalProperties", False)
        return closed
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


def validator_for(component: str):
    document = _strict(json.loads(DOCUMENT.read_text()))
    return jsonschema_rs.validator_for(
        {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    )


def test_every_page_of_the_demo_matches_its_schema(demo, client):
    validator = validator_for("PageDetail")
    pages = Page.objects.live().public().exclude(depth=1).specific()
    checked = 0
    for site in Site.objects.all():
        for page in pages.descendant_of(site.root_page, inclusive=True):
            response = client.get(f"/api/v1/pages/{page.pk}/?site={site.hostname}")
            if response.status_code == 404:  # a page of the site's other language tree
                continue
            errors = [e.message for e in validator.iter_errors(response.json())]
            assert errors == [], f"{page.url_path}: {errors[:3]}"
            checked += 1
    assert checked >= 20


def test_a_listing_matches_its_schema(demo, client):
    response = client.get("/api/v1/pages/?site=localhost&limit=100")
    assert list(validator_for("PageList").iter_errors(response.json())) == []


@pytest.fixture(scope="module")
def typescript(tmp_path_factory) -> Path:
    """The TypeScript types openapi-typescript writes from the document, beside
    a small consumer that uses them."""
    if not (BIN / "tsc").exists():
        pytest.fail("contract/node_modules is missing: run `make contract-tools`.")
    folder = tmp_path_factory.mktemp("contract")
    for name in ("consumer.ts", "tsconfig.json"):
        shutil.copy(CONTRACT / name, folder / name)
    subprocess.run(
        [BIN / "openapi-typescript", DOCUMENT, "--output", folder / "api.d.ts"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder


def test_generated_types_leave_no_page_or_block_field_unknown(typescript):
    types = (typescript / "api.d.ts").read_text()
    schemas = types[types.index("    schemas: {") : types.index("    responses: ")]
    assert "BodyBlockGallery" in schemas
    code = [line for line in schemas.splitlines() if not line.strip().startswith(("*", "/*"))]
    loose = [line.strip() for line in code if re.search(r"\b(unknown|any)\b", line)]
    assert loose == []


def test_a_strict_typescript_consumer_compiles(typescript):
    result = subprocess.run(
        [BIN / "tsc", "--project", typescript / "tsconfig.json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


schema = schemathesis.openapi.from_path(DOCUMENT)
schema.app = application
SITES = ("localhost", "florist.localhost")


@pytest.fixture
def connection_kept():
    """schemathesis calls the WSGI application itself, and at the start and end
    of each request Django closes the database connection, and with it the
    test's transaction. Its test client keeps the connection the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def agency(demo, connection_kept):
    """The demo beside a second client's site, as an agency runs it: `site` is
    then needed to say which one, as the document requires."""
    home = HomePageFactory(parent=Page.get_first_root_node(), title="Florist", slug="florist")
    Site.objects.create(hostname=SITES[1], root_page=home, site_name="Florist")


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_contract_for_any_request(case, agency):
    """Every check of schemathesis: no server error, every status, header and
    body as documented, bad input refused and good input accepted."""
    # Requests that are valid by the document name a site that exists, so
    # they reach pages, images and forms rather than stopping at "no such site".
    site = (case.query or {}).get("site")
    if site and not (case.meta and case.meta.is_negative_at(ParameterLocation.QUERY)):
        case.query["site"] = SITES[len(site) % len(SITES)]
    case.call_and_validate()
