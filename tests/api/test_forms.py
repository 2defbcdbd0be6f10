"""A static frontend shows the owner's quote form and posts it to the API."""

import json

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from tests.conftest import home_create
from tests.content.factories import ContactFormFieldFactory, ContactPageFactory
from tests.shared_rows import fresh_row, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker):
    """The home page and the contact form, written once for this module: what a
    test posts is rolled back after it."""
    with rolled_back(django_db_blocker):
        home = home_create()
        yield {"home": home, "contact": contact_create(home)}


def contact_create(home):
    page = ContactPageFactory(parent=home, slug="contact")
    ContactFormFieldFactory(page=page, label="Your name", sort_order=0)
    ContactFormFieldFactory(page=page, label="E-mail", field_type="email", sort_order=1)
    ContactFormFieldFactory(
        page=page, label="Project", field_type="dropdown", choices="Kitchen\nStairs", sort_order=2
    )
    return page


home = fresh_row("home")


contact = fresh_row("contact")


def submit(client, page, data, **extra):
    return client.post(
        f"/api/v1/forms/{page.pk}/submissions/",
        data=json.dumps(data),
        content_type="application/json",
        **extra,
    )


def test_form_definition_lists_the_fields(client, contact):
    data = client.get(f"/api/v1/forms/{contact.pk}/").json()
    assert [(f["name"], f["type"], f["required"]) for f in data["fields"]] == [
        ("your_name", "singleline", True),
        ("e_mail", "email", True),
        ("project", "dropdown", True),
    ]
    assert data["fields"][2]["choices"] == ["Kitchen", "Stairs"]
    assert data["honeypot_field"] == "website_url"
    page = client.get("/api/v1/pages/by-path/?path=/contact/").json()
    assert page["form"]["fields"] == data["fields"]


def test_a_valid_submission_is_stored_and_emailed(client, contact):
    response = submit(
        client, contact, {"your_name": "Anna", "e_mail": "anna@example.com", "project": "Stairs"}
    )
    assert response.status_code == 201
    assert response.json() == {"status": "received", "message": "Thanks, we will call you back."}
    assert FormSubmission.objects.get(page=contact).get_data()["project"] == "Stairs"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@carpentry.example"]
    assert "anna@example.com" in mail.outbox[0].body


def test_an_invalid_submission_names_each_field_and_stores_nothing(client, contact):
    response = submit(client, contact, {"e_mail": "nope", "project": "Boat"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_submission"
    assert set(error["fields"]) == {"your_name", "e_mail", "project"}
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"', "\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused(client, contact, body):
    response = client.post(
        f"/api/v1/forms/{contact.pk}/submissions/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_a_bot_filling_the_honeypot_is_told_nothing_and_nothing_is_stored(client, contact):
    data = {"your_name": "Bot", "e_mail": "bot@example.com", "project": "Kitchen"}
    response = submit(client, contact, data | {"website_url": "http://spam.example"})
    assert response.status_code == 201
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_too_many_submissions_from_one_address_are_refused(client, contact, settings):
    settings.DELIVERY_API_FORM_RATE_LIMIT = (2, 600)
    data = {"your_name": "Anna", "e_mail": "anna@example.com", "project": "Kitchen"}
    assert submit(client, contact, data).status_code == 201
    assert submit(client, contact, data).status_code == 201
    refused = submit(client, contact, data)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert FormSubmission.objects.count() == 2
    other_address = submit(client, contact, data, REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 201


def test_a_page_without_a_form_takes_no_submissions(client, home):
    response = submit(client, home, {"x": "y"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "form_not_found"


def test_behind_a_load_balancer_each_visitor_has_their_own_limit(client, contact, settings):
    settings.DELIVERY_API_FORM_RATE_LIMIT = (1, 600)
    settings.DELIVERY_API_TRUSTED_PROXIES = 1
    data = {"your_name": "Anna", "e_mail": "anna@example.com", "project": "Kitchen"}
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    first = submit(client, contact, data, HTTP_X_FORWARDED_FOR="203.0.113.7", **balancer)
    assert first.status_code == 201
    again = submit(client, contact, data, HTTP_X_FORWARDED_FOR="203.0.113.7", **balancer)
    assert again.status_code == 429
    # A forged address on the left does not help: the balancer's entry counts.
    forged = submit(client, contact, data, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **balancer)
    assert forged.status_code == 429
    other = submit(client, contact, data, HTTP_X_FORWARDED_FOR="198.51.100.4", **balancer)
    assert other.status_code == 201


def test_mistakes_do_not_count_against_the_limit(client, contact, settings):
    settings.DELIVERY_API_FORM_RATE_LIMIT = (1, 600)
    for _ in range(3):
        assert submit(client, contact, {"e_mail": "typo"}).status_code == 422
    data = {"your_name": "Anna", "e_mail": "anna@example.com", "project": "Kitchen"}
    assert submit(client, contact, data).status_code == 201
