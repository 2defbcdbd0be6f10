"""Large page trees in seconds: rows written in bulk, as treebeard would lay them out.

`add_child` saves, indexes and signals one page at a time (about 30 ms each);
ten thousand pages would take minutes before a test even starts.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cms.content.models import StandardPage

BATCH = 500


@transaction.atomic
def standard_pages_bulk_create(*, parent: Page, count: int, prefix: str = "page") -> list[int]:
    """`count` live StandardPages under `parent`, slugs `<prefix>-<n>`; returns their ids.

    Written straight to the tables: no revisions, search index or reference
    index, and no signals, so nothing else (webhooks, cache) notices them.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    depth = parent.depth + 1
    pages = [
        Page(
            title=f"{prefix.title()} {n}",
            draft_title=f"{prefix.title()} {n}",
            slug=f"{prefix}-{n}",
            path=Page._get_path(parent.path, depth, parent.numchild + n + 1),
            depth=depth,
            numchild=0,
            url_path=f"{parent.url_path}{prefix}-{n}/",
            content_type=content_type,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(count)
    ]
    ids = []
    for start in range(0, count, BATCH):
        created = Page.objects.bulk_create(pages[start : start + BATCH])
        ids += [page.pk for page in created]
    # Django's bulk_create refuses multi-table models; the StandardPage rows
    # go in through the same insert it uses, for that table's own fields.
    rows = [
        StandardPage(
            page_ptr_id=pk,
            intro=f"Intro {pk}",
            body=[{"type": "paragraph", "value": "<p>Text</p>"}],
        )
        for pk in ids
    ]
    for start in range(0, count, BATCH):
        StandardPage.objects._insert(
            rows[start : start + BATCH], fields=StandardPage._meta.local_concrete_fields
        )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    parent.refresh_from_db()
    return ids
