"""Draft previews on the site's own frontend.

The admin's preview opens `<frontend>/preview?token=…`; the frontend asks
`GET /api/v1/preview/?token=…` for the page and gets the draft in exactly
the published JSON shape. The token is signed with SECRET_KEY, names one
page, one saved revision and one site, and expires after
PUBLISHING_PREVIEW_TOKEN_MAX_AGE seconds; nothing is stored.

wagtail-headless-preview stores the unsaved form in a table under a random
token that never expires on its own and is bound to no site; a signed
token needs no table, no clean-up, and cannot be used for another site.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from wagtail.models import Page, Revision, Site

from sites.models import SiteSettings

# Named after the module that first signed tokens, so links already sent keep working.
SALT = "cms.publishing.preview"


class PreviewTokenError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def preview_token_create(*, page: Page, revision_id: int, site: Site) -> str:
    return signing.dumps({"page": page.pk, "revision": revision_id, "site": site.pk}, salt=SALT)


def preview_url(*, frontend_base_url: str, token: str) -> str:
    return f"{frontend_base_url.rstrip('/')}/preview?{urlencode({'token': token})}"


def preview_revision_get(*, token: str, site: Site) -> Revision:
    """The revision a token grants, for that site only; raises PreviewTokenError otherwise."""
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.PUBLISHING_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewTokenError(
            401, "preview_token_expired", "The preview link expired."
        ) from error
    except signing.BadSignature as error:
        raise PreviewTokenError(
            401, "preview_token_invalid", "Not a valid preview token."
        ) from error
    if claims.get("site") != site.pk:
        raise PreviewTokenError(403, "preview_wrong_site", "This preview is for another site.")
    revision = (
        Revision.page_revisions.filter(pk=claims.get("revision"), object_id=str(claims.get("page")))
        .select_related("content_type")
        .first()
    )
    page_on_site = (
        Page.objects.descendant_of(site.root_page, inclusive=True)
        .filter(pk=claims.get("page"))
        .exists()
    )
    if revision is None or not page_on_site:
        raise PreviewTokenError(404, "preview_not_found", "The previewed page or draft is gone.")
    return revision


def preview_page(revision: Revision) -> Page:
    """The page as its draft has it, with the publishing dates of the page as it is now.

    A revision keeps the dates of when it was saved (and in local time);
    the published JSON shows the page's current ones.
    """
    page = revision.as_object()
    dates = Page.objects.filter(pk=page.pk).values("first_published_at", "last_published_at")
    for name, value in (dates.first() or {}).items():
        setattr(page, name, value)
    return page


def frontend_preview_redirect(page: Page) -> HttpResponseRedirect | None:
    """Where the admin's preview goes: the frontend, showing the last saved draft.

    None when there is nothing to point the frontend at (no frontend URL in
    the site's settings, or a page never saved), and Wagtail's own template
    preview is shown instead.
    """
    site = page.get_site() if page.pk else None
    if site is None or not page.latest_revision_id:
        return None
    frontend = SiteSettings.for_site(site).frontend_base_url
    if not frontend:
        return None
    token = preview_token_create(page=page, revision_id=page.latest_revision_id, site=site)
    return HttpResponseRedirect(preview_url(frontend_base_url=frontend, token=token))
