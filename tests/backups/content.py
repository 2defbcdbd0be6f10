"""A small site with one of everything a backup must bring back, built the way
editors build it (revisions, publishing, translations, uploads). Plain
functions, so a test can build it here and a `manage.py shell` can build it in
a SQLite installation of its own."""

import datetime
import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from cms.content.translation import object_translate
from cms.publishing.models import WebhookEndpoint
from sites.models import SiteSettings
from tests.content.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    HomePageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from tests.media_pipeline.factories import ImageFactory, jpeg_bytes


def site_build() -> dict:
    """Pages with several revisions, a translation, a scheduled page, images with
    renditions, a document, a form with a submission, users, site settings, a
    webhook endpoint, and the change log all of that wrote."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    owner = get_user_model().objects.create_user(
        username="owner", email="owner@carpentry.example", password="a-long-passphrase"
    )
    owner.groups.add(Group.objects.get(name="Moderators"))
    get_user_model().objects.create_superuser(
        username="admin", email="admin@agency.example", password="another-long-passphrase"
    )
    projects = ProjectIndexPageFactory(parent=home, title="Projekte", slug="projects")
    hero = ImageFactory(title="Küche", file=ContentFile(jpeg_bytes((800, 600)), name="kitchen.jpg"))
    kitchen = ProjectPageFactory(
        parent=projects,
        title="Eichenküche",
        slug="oak-kitchen",
        summary="Eine Küche aus massiver Eiche.",
        hero_image=hero,
        body=[{"type": "image", "value": {"image": ImageFactory().pk, "alt_text": "Die Küche"}}],
    )
    for title in ("Eichenküche II", "Eichenküche III"):
        kitchen.title = title
        kitchen.save_revision(user=owner).publish(user=owner)
    hero.get_rendition("fill-120x80")
    object_translate(instance=home, language="en", texts={"Test Carpentry": "Test Carpentry"})
    later = StandardPageFactory(parent=home, title="Bald", slug="soon", live=False)
    later.go_live_at = timezone.now() + datetime.timedelta(days=3)
    later.save_revision(user=owner).publish(user=owner)
    contact = ContactPageFactory(parent=home, slug="contact")
    ContactFormFieldFactory(page=contact, label="Your name")
    FormSubmission.objects.create(page=contact, form_data={"your_name": "Erika"})
    get_document_model().objects.create(
        title="Preisliste", file=ContentFile(b"%PDF-1.4 price list\n", name="prices.pdf")
    )
    settings = SiteSettings.for_site(site)
    settings.business_name = "Schreinerei Test"
    settings.save()
    WebhookEndpoint.objects.create(
        site=site, name="Build", url="https://127.0.0.1:9/hook", secret="s3cret", active=False
    )
    return {"home": home, "kitchen": kitchen, "hero": hero, "owner": owner, "site": site}


def model_rows(alias: str = "default", *, skip_apps: frozenset = frozenset()) -> dict:
    """Every row of every model, as comparable text: what "everything came back" means."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.app_label in skip_apps:
            continue
        fields = [field.attname for field in meta.local_concrete_fields]
        rows[meta.label] = sorted(
            json.dumps([_plain(value) for value in row], sort_keys=True, default=str)
            for row in model._base_manager.using(alias).order_by().values_list(*fields)
        )
    return rows


def _plain(value):
    # A StreamField's value, as stored.
    return value.get_prep_value() if hasattr(value, "get_prep_value") else value


def media_files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }
