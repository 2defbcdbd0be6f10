"""Generate an image's responsive set: each spec once, however many workers race.

Renditions are recorded as Wagtail's own rendition rows (``CustomRendition``),
created only after their file is stored, so a row always means a file.
Who renders a missing spec is decided by ``RenditionClaim``'s unique
constraint; see ``_claims_acquire``.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.images.models import AbstractImage, AbstractRendition

from media_pipeline import processing
from media_pipeline.models import RenditionClaim
from media_pipeline.placeholders import placeholder_make
from media_pipeline.specs import (
    CROPS,
    EXTENSIONS,
    RenditionSpec,
    filter_for,
    rendition_specs_for_image,
)

logger = logging.getLogger(__name__)

# How long an on-demand request waits for a spec another worker is rendering.
WAIT_FOR_OTHER_WORKER_SECONDS = 30


def rendition_set_generate(
    *, image: AbstractImage, variants: list[str] | None = None, force: bool = False
) -> int:
    """Render every missing spec of the image's set; return how many this call rendered."""
    if force:
        image.renditions.all().delete()
        image.placeholder = ""
    if not image.placeholder:
        image_analyse(image=image)
    renditions_delete_stale(image=image)
    return renditions_render(
        image=image, specs=rendition_specs_for_image(image=image, variants=variants)
    )


def image_analyse(*, image: AbstractImage) -> None:
    """Record the placeholder and whether the image uses transparency."""
    with image.open_file() as file:
        source = processing.image_decode(file=file, min_scale=1 / 8)
    image.placeholder = placeholder_make(image=source)
    image.has_alpha = source.mode == "RGBA"
    # update() rather than save(): saving would fire post_save and enqueue
    # this task again.
    type(image).objects.filter(pk=image.pk).update(
        placeholder=image.placeholder, has_alpha=image.has_alpha
    )


def renditions_delete_stale(*, image: AbstractImage) -> int:
    """Delete crops made for an earlier focal point; their files go with them."""
    fill_specs = rendition_specs_for_image(image=image, variants=list(CROPS))
    if not fill_specs:
        return 0
    current_key = fill_specs[0].focal_point_key(image=image)
    stale = image.renditions.filter(
        filter_spec__in=[spec.filter_spec for spec in fill_specs]
    ).exclude(focal_point_key=current_key)
    deleted, _ = stale.delete()
    return deleted


def renditions_existing(
    *, image: AbstractImage, specs: list[RenditionSpec]
) -> dict[RenditionSpec, AbstractRendition]:
    """The renditions of ``specs`` that exist, in one query (or none if prefetched)."""
    wanted = {(spec.filter_spec, spec.focal_point_key(image=image)): spec for spec in specs}
    prefetched = getattr(image, "_prefetched_objects_cache", {}).get("renditions")
    if prefetched is None:
        prefetched = image.renditions.filter(filter_spec__in={key[0] for key in wanted})
    found = {}
    for rendition in prefetched:
        spec = wanted.get((rendition.filter_spec, rendition.focal_point_key))
        if spec is not None:
            found[spec] = rendition
    return found


def rendition_files_existing(*, image: AbstractImage, specs: list[RenditionSpec]) -> dict:
    """The stored file names of the renditions of ``specs`` that exist: from
    ``image.rendition_files`` when the caller read them with the image, else in one query."""
    files = getattr(image, "rendition_files", None)
    if files is None:
        return {
            spec: rendition.file.name
            for spec, rendition in renditions_existing(image=image, specs=specs).items()
        }
    found = {}
    for spec in specs:
        name = files.get((spec.filter_spec, spec.focal_point_key(image=image)))
        if name is not None:
            found[spec] = name
    return found


def renditions_render(*, image: AbstractImage, specs: list[RenditionSpec]) -> int:
    """Render the specs that are missing and not claimed by another worker."""
    existing = renditions_existing(image=image, specs=specs)
    missing = [spec for spec in specs if spec not in existing]
    if not missing:
        return 0
    token = uuid.uuid4().hex
    try:
        claimed = _claims_acquire(image=image, specs=missing, token=token)
        # A worker finishing a spec creates its rendition before dropping
        # its claim, so anything it finished while we claimed shows up now.
        existing = renditions_existing(image=image, specs=claimed)
        claimed = [spec for spec in claimed if spec not in existing]
        if claimed:
            _render(image=image, specs=claimed)
        return len(claimed)
    finally:
        RenditionClaim.objects.filter(token=token).delete()


def rendition_get_or_generate(
    *, image: AbstractImage, spec: RenditionSpec
) -> AbstractRendition | None:
    """The rendition of one spec, rendered now if needed; None if another worker is too slow."""
    deadline = time.monotonic() + WAIT_FOR_OTHER_WORKER_SECONDS
    while True:
        rendition = renditions_existing(image=image, specs=[spec]).get(spec)
        if rendition is not None:
            return rendition
        if time.monotonic() > deadline:
            return None
        if not renditions_render(image=image, specs=[spec]):
            # Another worker holds the claim: wait for its result.
            time.sleep(0.2)


def _claims_acquire(*, image: AbstractImage, specs: list[RenditionSpec], token: str):
    now = timezone.now()
    # A claim older than the lease belongs to a worker that died mid-render
    # (the whole set of a 24 MP photo takes seconds, not minutes): its specs
    # are claimed again below, and whatever files it left are cleared.
    lease = timedelta(seconds=settings.MEDIA_PIPELINE_CLAIM_TIMEOUT)
    stale = RenditionClaim.objects.filter(image=image, claimed_at__lt=now - lease)
    abandoned = set(stale.values_list("filter_spec", "focal_point_key"))
    stale.delete()
    RenditionClaim.objects.bulk_create(
        [
            RenditionClaim(
                image=image,
                filter_spec=spec.filter_spec,
                focal_point_key=spec.focal_point_key(image=image),
                token=token,
                claimed_at=now,
            )
            for spec in specs
        ],
        # A conflicting insert is a spec another worker already claimed.
        ignore_conflicts=True,
    )
    won = set(RenditionClaim.objects.filter(token=token).values_list("filter_spec", flat=True))
    claimed = [spec for spec in specs if spec.filter_spec in won]
    renditions_abandoned_files_delete(
        image=image,
        specs=[
            spec
            for spec in claimed
            if (spec.filter_spec, spec.focal_point_key(image=image)) in abandoned
        ],
    )
    return claimed


def renditions_abandoned_files_delete(*, image: AbstractImage, specs: list[RenditionSpec]) -> int:
    """Delete files a dead worker stored for ``specs`` before it could record them.

    Rendition rows are created only after their files, so these files are
    served by nobody; but left in place, the retry would store its file
    beside them under another name and they would stay forever. A file
    some rendition row does point to (another image whose name shares the
    truncated stem) is kept.
    """
    Rendition = image.get_rendition_model()
    field = Rendition._meta.get_field("file")
    deleted = 0
    for spec in specs:
        name = field.generate_filename(
            Rendition(image=image), _rendition_file_name(image=image, spec=spec)
        )
        if field.storage.exists(name) and not Rendition.objects.filter(file=name).exists():
            field.storage.delete(name)
            deleted += 1
    return deleted


def _rendition_file_name(*, image: AbstractImage, spec: RenditionSpec) -> str:
    stem = os.path.splitext(os.path.basename(image.file.name))[0][:40]
    focal_point_key = spec.focal_point_key(image=image)
    key_part = f".{focal_point_key}" if focal_point_key else ""
    return f"{stem}.{spec.variant}-{spec.width}{key_part}.{EXTENSIONS[spec.format]}"


def _render(*, image: AbstractImage, specs: list[RenditionSpec]) -> None:
    Rendition = image.get_rendition_model()

    def store(target: processing.Target, data: bytes) -> AbstractRendition:
        spec = target.key
        rendition = Rendition(
            image=image,
            filter_spec=spec.filter_spec,
            focal_point_key=spec.focal_point_key(image=image),
        )
        name = _rendition_file_name(image=image, spec=spec)
        rendition.file.save(name, ContentFile(data), save=False)
        # Set after the file: assigning it resets the dimension fields, and
        # reading them back from the file would mean decoding it again.
        rendition.width, rendition.height = target.size
        return rendition

    with image.open_file() as file:
        # Oriented as displayed, as Wagtail's own Filter.run() does: an
        # original stored sideways (not uploaded through our form) still
        # gets upright renditions of the right size.
        size = processing.image_oriented_size(file=file)
        targets = []
        for spec in specs:
            # Wagtail's own transform decides crop and size, so the focal
            # point is honoured exactly as Wagtail's get_rendition() would.
            transform = filter_for(spec.filter_spec).get_transform(image, size)
            rect = transform.get_rect().round()
            targets.append(
                processing.Target(
                    key=spec,
                    rect=(rect.left, rect.top, rect.right, rect.bottom),
                    size=tuple(transform.size),
                    format=spec.format,
                )
            )
        renditions = processing.targets_render(
            file=file, size=size, targets=targets, on_encoded=store
        )
    Rendition.objects.bulk_create(renditions, ignore_conflicts=True)
    logger.info("Rendered %d renditions of image %s", len(renditions), image.pk)
