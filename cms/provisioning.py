"""Setting up a client's site: one transaction, nothing half-made, safe to repeat."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from wagtail.coreutils import get_content_languages
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
)
from wagtail.permissions import policy_registry

from cms.booking.models import Absence, Booking, Office, Service, Staff
from cms.content.models import HomePage, TeamMember, Testimonial
from cms.shop.models import ClosedDay, DeliveryDay, DeliveryZone, Order, Product, ShopSettings
from sites.models import SiteSettings

HOSTNAME = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_ACTIONS = ("add", "change", "delete", "choose")
# Snippets carrying a site: model permissions, limited to the editor's own
# site by their permission policy (sites.admin_views).
SITE_SNIPPETS = (Testimonial, TeamMember, Office, Service, Staff, Absence, Booking)
# The shop's site-owned objects; orders are placed by customers, so the shop
# only views them and changes their status.
SHOP_MODELS = {
    Product: ("add", "change", "delete", "view"),
    DeliveryZone: ("add", "change", "delete", "view"),
    DeliveryDay: ("add", "change", "delete", "view"),
    ClosedDay: ("add", "change", "delete", "view"),
    ShopSettings: ("add", "change", "view"),
    Order: ("change", "view"),
}


class ProvisioningError(Exception):
    """Bad input or a conflict with another client's site; nothing was changed."""


@dataclass
class ClientSite:
    site: Site
    home: HomePage
    collection: Collection
    editors: Group
    created: bool
    editor_invited: bool = False


def editor_group_name(name: str) -> str:
    return f"{name} editors"


def client_site_create(
    *, name: str, hostname: str, locale: str = "", editor_email: str = ""
) -> ClientSite:
    """Creates the site, its home page, collection, editor group and settings, and
    optionally invites an editor. Running it again for the same client changes nothing."""
    name, hostname = name.strip(), hostname.strip().lower()
    locale_code = _validated(name=name, hostname=hostname, locale=locale, email=editor_email)
    with transaction.atomic():
        existing = Site.objects.filter(hostname=hostname).select_related("root_page").first()
        if existing:
            if existing.site_name != name:
                raise ProvisioningError(
                    f"The hostname {hostname} is taken by the site {existing.site_name!r}."
                )
            client = _existing_client(existing, name)
        else:
            if Group.objects.filter(name=editor_group_name(name)).exists():
                raise ProvisioningError(
                    f"Another client is already called {name!r}; choose a distinct name."
                )
            client = _new_client(name=name, hostname=hostname, locale_code=locale_code)
        if editor_email:
            client.editor_invited = _invite_editor(client.editors, editor_email)
    return client


def _validated(*, name: str, hostname: str, locale: str, email: str) -> str:
    if not name:
        raise ProvisioningError("The client needs a name.")
    if not HOSTNAME.match(hostname):
        raise ProvisioningError(f"{hostname!r} is not a valid hostname (such as holz.example).")
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ProvisioningError(f"{email!r} is not a valid e-mail address.") from error
    if not locale:
        return Locale.get_default().language_code
    known = set(get_content_languages())
    if locale not in known:
        raise ProvisioningError(
            f"Unknown locale {locale!r}; use one of {', '.join(sorted(known))}."
        )
    return locale


def _new_client(*, name: str, hostname: str, locale_code: str) -> ClientSite:
    locale, _ = Locale.objects.get_or_create(language_code=locale_code)
    slug = _free_slug(slugify(name) or "site")
    home = HomePage(title=name, slug=slug, locale=locale, hero_heading=name)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    collection = Collection.get_first_root_node().add_child(name=name)
    SiteSettings.objects.create(site=site, business_name=name, collection=collection)
    editors = Group.objects.create(name=editor_group_name(name))
    _grant(editors, home=home, collection=collection, site=site)
    return ClientSite(site=site, home=home, collection=collection, editors=editors, created=True)


def _existing_client(site: Site, name: str) -> ClientSite:
    stored = SiteSettings.objects.filter(site=site).select_related("collection").first()
    collection = stored.collection if stored else None
    editors = Group.objects.filter(name=editor_group_name(name)).first()
    if collection is None or editors is None:
        raise ProvisioningError(
            f"The site {name!r} exists but was not made by create_client_site; "
            "set up its collection and editor group by hand."
        )
    return ClientSite(
        site=site,
        home=site.root_page.specific,
        collection=collection,
        editors=editors,
        created=False,
    )


def _free_slug(slug: str) -> str:
    siblings = set(Page.get_first_root_node().get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in siblings:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _grant(group: Group, *, home: Page, collection: Collection, site: Site) -> None:
    """Exactly what a client's editors need, all of it bound to their own site."""
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        # Translating the site with wagtail-localize; its views check the
        # page or snippet rights above, and the middleware the site.
        Permission.objects.get(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        ),
    )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for model in (get_image_model(), get_document_model()):
        # Wagtail checks image and document rights against its own models'
        # permissions (wagtailimages.Image), whatever the image model is.
        auth_model = policy_registry.get_by_type(model).auth_model
        for action in COLLECTION_ACTIONS:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=auth_model._meta.app_label,
                    codename=f"{action}_{auth_model._meta.model_name}",
                ),
            )
    rights = {**dict.fromkeys(SITE_SNIPPETS, ("add", "change", "delete", "view")), **SHOP_MODELS}
    for model, actions in rights.items():
        for action in actions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=model._meta.app_label,
                    codename=f"{action}_{model._meta.model_name}",
                )
            )
    GroupSitePermission.objects.create(
        group=group,
        site=site,
        permission=Permission.objects.get(
            content_type__app_label="multisite", codename="change_sitesettings"
        ),
    )


def _invite_editor(group: Group, email: str) -> bool:
    """Adds the editor to the group; a new account gets an e-mail to set its password."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        if user_model.objects.filter(username=email.lower()).exists():
            raise ProvisioningError(
                f"The login name {email.lower()!r} belongs to an account with another e-mail."
            )
        user = user_model(username=email.lower(), email=email, is_active=True)
        user.set_unusable_password()
        user.save()
    user.groups.add(group)
    if created:
        # Django's password reset form skips accounts without a usable
        # password, which is exactly what a new account has; so the link is
        # made here with the same token generator.
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailadmin_password_reset_confirm",
            args=(
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ),
        )
        context = {"user": user, "site_name": group.name.removesuffix(" editors"), "link": link}
        send_mail(
            subject=f"Your editor account for {context['site_name']}",
            message=render_to_string("sites/invitation_email.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return created
