"""Images as the delivery API hands them out, from the media pipeline's responsive set."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from media_pipeline.api import image_responsive_data
from media_pipeline.specs import FORMAT_OPERATIONS, ORIGINAL, WIDTHS, RenditionSpec


def rendition_specs(*, crops) -> list[str]:
    """Every filter spec the given crops can use, so only those renditions are prefetched."""
    variants = {crop or ORIGINAL for crop in crops}
    return [
        RenditionSpec(variant, width, fmt).filter_spec
        for variant in variants
        for width in WIDTHS
        for fmt in FORMAT_OPERATIONS
    ]


def images_with_renditions(*, ids, crops):
    """The images with their usable renditions, in two queries whatever their number."""
    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(filter_spec__in=rendition_specs(crops=crops))
    )
    return (
        get_image_model()
        .objects.filter(pk__in=ids)
        .prefetch_related(Prefetch("renditions", queryset=renditions))
    )


def image_data(image, *, base_url: str, crop: str | None = None) -> dict:
    return {
        **image_responsive_data(image=image, request_or_base_url=base_url, crop=crop),
        "caption": image.caption,
        "credit": image.credit,
    }
