import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import Collection, Page, Site

from cms.provisioning import ProvisioningError, client_site_create
from sites.models import SiteSettings

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_client_site", *args, stdout=out)
    return out.getvalue()


def test_one_command_sets_up_a_client_site():
    output = run("--name", "Tischlerei Holz", "--hostname", "holz.example")
    assert "Created Tischlerei Holz at holz.example" in output
    site = Site.objects.get(hostname="holz.example")
    assert site.site_name == "Tischlerei Holz"
    assert site.root_page.specific.live
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert Collection.objects.filter(name="Tischlerei Holz").exists()
    assert SiteSettings.objects.get(site=site).business_name == "Tischlerei Holz"


def test_running_it_again_changes_nothing():
    run("--name", "Tischlerei Holz", "--hostname", "holz.example")
    counts = (Site.objects.count(), Page.objects.count(), Collection.objects.count())
    output = run("--name", "Tischlerei Holz", "--hostname", "holz.example")
    assert "nothing changed" in output
    assert (Site.objects.count(), Page.objects.count(), Collection.objects.count()) == counts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "Other", "--hostname", "holz.example"), "is taken by the site"),
        (("--name", "Other", "--hostname", "not a host"), "not a valid hostname"),
        (("--name", "Other", "--hostname=-bad-.example"), "not a valid hostname"),
        (("--name", " ", "--hostname", "ok.example"), "needs a name"),
        (("--name", "Other", "--hostname", "ok.example", "--locale", "xx"), "Unknown locale"),
        (("--name", "Other", "--hostname", "ok.example", "--editor-email", "nope"), "valid e-mail"),
    ],
)
def test_bad_input_is_refused_clearly_and_creates_nothing(args, message):
    run("--name", "Tischlerei Holz", "--hostname", "holz.example")
    pages = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert Page.objects.count() == pages
    assert not Site.objects.filter(hostname="ok.example").exists()


def test_an_invited_editor_gets_an_email_to_set_a_password(client):
    client_site_create(
        name="Tischlerei Holz", hostname="holz.example", editor_email="anna@holz.example"
    )
    user = get_user_model().objects.get(email="anna@holz.example")
    assert not user.has_usable_password()
    assert [group.name for group in user.groups.all()] == ["Tischlerei Holz editors"]
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password_reset/" in line)
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200
    assert b"new_password1" in response.content


def test_a_taken_hostname_error_names_the_owner():
    client_site_create(name="Tischlerei Holz", hostname="holz.example")
    with pytest.raises(ProvisioningError, match="Tischlerei Holz"):
        client_site_create(name="Blumen Berta", hostname="HOLZ.example")


def test_list_client_sites_shows_counts():
    client_site_create(name="Tischlerei Holz", hostname="holz.example")
    out = io.StringIO()
    call_command("list_client_sites", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("holz.example"))
    assert line.split()[-2:] == ["1", "0"]


def test_a_second_client_with_the_same_name_is_refused_clearly():
    client_site_create(name="Tischlerei Holz", hostname="holz.example")
    with pytest.raises(ProvisioningError, match="already called"):
        client_site_create(name="Tischlerei Holz", hostname="holz-2.example")
    assert not Site.objects.filter(hostname="holz-2.example").exists()


def test_an_editor_email_clashing_with_another_login_is_refused_clearly():
    get_user_model().objects.create_user(username="anna@holz.example", email="other@example.com")
    with pytest.raises(ProvisioningError, match="belongs to an account"):
        client_site_create(name="Holz", hostname="holz.example", editor_email="anna@holz.example")
    assert not Site.objects.filter(hostname="holz.example").exists()
