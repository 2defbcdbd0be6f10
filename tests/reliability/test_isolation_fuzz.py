"""Random requests about site A never hand out anything of site B.

Site B's objects all have ids from 1,000,000 up, far above anything site A
gets, so any of them in a response to `?site=a.example` is a leak, whatever
kind of object the id appears on.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .content import client_content_create

pytestmark = pytest.mark.django_db

B_FIRST_ID = 1_000_000


@pytest.fixture
def sites(db):
    a = client_content_create(hostname="a.example")
    b = client_content_create(hostname="b.example", first_id=B_FIRST_ID)
    b_ids = set().union(*b.values())
    assert min(b_ids) > max(set().union(*a.values()))
    return a, b_ids


def ids_in(data) -> set[int]:
    """Every integer under an "id" key, at any depth."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, int):
                found.add(value)
            found |= ids_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= ids_in(item)
    return found


def any_id(a_ids):
    return (
        st.sampled_from(sorted(a_ids))
        | st.integers(B_FIRST_ID, B_FIRST_ID + 30)
        | st.integers(1, 60)
    )


PATHS = st.sampled_from(
    [
        "/",
        "/about/",
        "/projects/",
        "/projects/kitchen/",
        "/contact/",
        "/en/about/",
        "//b.example/about/",
    ]
)
LOCALES = st.sampled_from(["de", "en", "fr", "DE"])


def requests(a_ids):
    some_id = any_id(a_ids)
    listing = st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["StandardPage", "content.ProjectPage", "HomePage"]),
            "child_of": some_id,
            "descendant_of": some_id,
            "locale": LOCALES,
            "search": st.sampled_from(["about", "kitchen", "Lena", "b.example"]),
            "order": st.sampled_from(["title", "-first_published_at", "path"]),
            "limit": st.integers(1, 100),
            "offset": st.integers(0, 10),
        },
    )
    locale_only = st.fixed_dictionaries({}, optional={"locale": LOCALES})
    no_params = st.just({})
    return st.one_of(
        st.tuples(st.just("/api/v1/pages/"), listing),
        st.tuples(some_id.map(lambda i: f"/api/v1/pages/{i}/"), no_params),
        st.tuples(st.just("/api/v1/pages/by-path/"), st.fixed_dictionaries({"path": PATHS})),
        st.tuples(st.sampled_from(["/api/v1/navigation/", "/api/v1/sitemap/"]), locale_only),
        st.tuples(st.sampled_from(["/api/v1/testimonials/", "/api/v1/team/"]), locale_only),
        st.tuples(
            st.sampled_from(["/api/v1/settings/", "/api/v1/redirects/", "/api/v1/export/"]),
            no_params,
        ),
        st.tuples(
            some_id.map(lambda i: f"/api/v1/images/{i}/"),
            st.fixed_dictionaries({}, optional={"crop": st.sampled_from(["hero", "square"])}),
        ),
        st.tuples(some_id.map(lambda i: f"/api/v1/forms/{i}/"), no_params),
    )


def response_data(response):
    if response.streaming:  # the export: one JSON object per line
        lines = b"".join(response.streaming_content).decode().splitlines()
        return [json.loads(line) for line in lines]
    return response.json()


def test_requests_about_site_a_never_show_site_b(sites):
    a, b_ids = sites
    client = Client()

    @given(request=requests(set().union(*a.values())))
    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def check(request):
        url, params = request
        response = client.get(url, {**params, "site": "a.example"})
        assert response.status_code < 500, (url, params)
        leaked = ids_in(response_data(response)) & b_ids
        assert not leaked, (url, params, leaked)

    check()
