"""The events a site's frontend can be told about."""

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_DELETED = "page.deleted"
PAGE_MOVED = "page.moved"
PAGE_RENAMED = "page.renamed"
PAGE_SCHEDULED_PUBLISHED = "page.scheduled_published"
PAGE_EXPIRED = "page.expired"
REDIRECT_CHANGED = "redirect.changed"
SETTINGS_CHANGED = "settings.changed"
IMAGE_CHANGED = "image.changed"
DOCUMENT_CHANGED = "document.changed"
PAGE_PRIVACY_CHANGED = "page.privacy_changed"
SNIPPET_CHANGED = "snippet.changed"
SITE_CHANGED = "site.changed"
AVAILABILITY_CHANGED = "availability.changed"
ORDER_CHANGED = "order.changed"

CHOICES = [
    (PAGE_PUBLISHED, "Page published"),
    (PAGE_UNPUBLISHED, "Page unpublished"),
    (PAGE_DELETED, "Page deleted"),
    (PAGE_MOVED, "Page moved"),
    (PAGE_RENAMED, "Page renamed (new slug)"),
    (PAGE_SCHEDULED_PUBLISHED, "Scheduled page went live"),
    (PAGE_EXPIRED, "Page expired (scheduled unpublish)"),
    (REDIRECT_CHANGED, "Redirect changed"),
    (SETTINGS_CHANGED, "Site settings changed"),
    (IMAGE_CHANGED, "Image changed (on published pages)"),
    (DOCUMENT_CHANGED, "Document changed (on published pages)"),
    (PAGE_PRIVACY_CHANGED, "Page made private or public"),
    (SNIPPET_CHANGED, "Testimonial or team member changed"),
    (SITE_CHANGED, "Site changed (hostname, home page)"),
    (AVAILABILITY_CHANGED, "Appointment booked, moved or cancelled"),
    (ORDER_CHANGED, "Shop order placed or its status changed"),
]
ALL = [name for name, _ in CHOICES]
# Changes that show on every site: its settings and address appear in other
# sites' absolute links, so every site's cached responses go.
EVERY_SITE = {SETTINGS_CHANGED, SITE_CHANGED}
# The shop's events: no cached response or page shows them (its endpoints are
# never cached), so they purge nothing; and a frontend that rebuilds on every
# webhook hears of them only when its webhook asks for them.
SHOP = {ORDER_CHANGED}

# A scheduled go-live is a publish and an expiry an unpublish: an endpoint
# that listens for the general event gets the scheduled one too.
IMPLIED_BY = {
    PAGE_SCHEDULED_PUBLISHED: PAGE_PUBLISHED,
    PAGE_EXPIRED: PAGE_UNPUBLISHED,
}


def subscribed(events: list[str], event: str) -> bool:
    return event in events or IMPLIED_BY.get(event) in events
