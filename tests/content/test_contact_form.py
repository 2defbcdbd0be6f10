import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from tests.content.factories import ContactFormFieldFactory, ContactPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(home):
    page = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=page, label="Your name", field_type="singleline")
    ContactFormFieldFactory(page=page, label="E-mail", field_type="email")
    ContactFormFieldFactory(
        page=page,
        label="Project type",
        field_type="dropdown",
        choices="Kitchen\nStairs\nFurniture",
    )
    ContactFormFieldFactory(page=page, label="Message", field_type="multiline")
    return page


def test_visitor_sees_the_form_the_owner_designed(client, contact_page):
    response = client.get(contact_page.url)
    assert response.status_code == 200
    for label in ("Your name", "E-mail", "Project type", "Message"):
        assert label in response.content.decode()


def test_a_quote_request_is_stored_and_emailed_to_the_owner(client, contact_page):
    response = client.post(
        contact_page.url,
        {
            "your_name": "Anna Weber",
            "e_mail": "anna@example.com",
            "project_type": "Kitchen",
            "message": "We would like an oak kitchen for a 12 m² room.",
        },
    )
    assert response.status_code == 200
    assert "we will call you back" in response.content.decode()

    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["your_name"] == "Anna Weber"
    assert submission.get_data()["project_type"] == "Kitchen"

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["owner@carpentry.example"]
    assert email.subject == "New enquiry"
    assert "We would like an oak kitchen" in email.body
    assert "anna@example.com" in email.body


def test_an_incomplete_request_shows_errors_and_stores_nothing(client, contact_page):
    response = client.post(
        contact_page.url,
        {"your_name": "Anna", "e_mail": "not-an-address", "project_type": "Boat"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"e_mail", "project_type", "message"}
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []
