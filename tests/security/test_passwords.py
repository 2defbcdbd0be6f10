"""The password an invited editor chooses must pass the same validators as
everywhere else: 12 characters, not common, not numeric, not like their name."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cms.provisioning import client_site_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_password_form(client):
    """The page behind the link in the invitation e-mail."""
    client_site_create(
        name="Tischlerei Holz", hostname="holz.example", editor_email="anna.holz@holz.example"
    )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password_reset/" in line)
    page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert b"new_password1" in page.content
    return page.request["PATH_INFO"]


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("Short-1x", "password_too_short"),
        ("password1234", "password_too_common"),
        ("483920175639", "password_entirely_numeric"),
        ("anna.holz@holz.example", "password_too_similar"),
    ],
)
def test_an_invited_editor_cannot_choose_a_weak_password(
    client, set_password_form, password, refusal
):
    response = client.post(
        set_password_form, {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 200
    # The admin speaks the editor's language; the validator's code says which rule refused.
    errors = response.context["form"].errors.as_data()["new_password2"]
    assert refusal in {error.code for error in errors}
    assert not get_user_model().objects.get(username="anna.holz@holz.example").has_usable_password()


def test_an_invited_editor_sets_a_strong_password(client, set_password_form):
    password = "oak shavings on a tuesday"
    response = client.post(
        set_password_form, {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="anna.holz@holz.example").check_password(password)
