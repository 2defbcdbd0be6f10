"""The site the reliability suite works on, made in the run's own database.

Run as `python -m tests.reliability.site_setup` with the app servers'
environment; prints one JSON line with the ids the tests need. A client site
made by `create_client_site`'s own function, a few standard pages (the one
called "subject" is the page the editor keeps publishing), a superuser and a
webhook endpoint pointing at the suite's receiver.
"""

import json
import os

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from cms.content.models import StandardPage  # noqa: E402
from cms.provisioning import client_site_create  # noqa: E402
from cms.publishing.models import WebhookEndpoint  # noqa: E402
from tests.reliability.services import HOSTNAME  # noqa: E402

USERNAME = "reliability-admin"
PASSWORD = "reliability-passphrase-" + os.urandom(6).hex()


def main() -> dict:
    client = client_site_create(name="Reliability", hostname=HOSTNAME)
    pages = {}
    for slug, title in (("subject", "v0"), ("about", "About"), ("services", "Services")):
        page = StandardPage(title=title, slug=slug, intro=f"The {slug} page.")
        client.home.add_child(instance=page)
        page.save_revision().publish()
        pages[slug] = page.pk
    get_user_model().objects.create_superuser(USERNAME, "admin@reliability.test", PASSWORD)
    WebhookEndpoint.objects.create(
        site=client.site,
        name="Reliability receiver",
        url=os.environ["RELIABILITY_RECEIVER_URL"],
        secret=os.environ["RELIABILITY_SECRET"],
    )
    return {
        "site_id": client.site.pk,
        "home_id": client.home.pk,
        "page_id": pages["subject"],
        "collection_id": client.collection.pk,
        "username": USERNAME,
        "password": PASSWORD,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
