"""Images as the delivery API hands them out, from the media pipeline's responsive set."""

from collections import OrderedDict

from django.db import connection
from wagtail.images import get_image_model

from media_pipeline.api import image_responsive_data
from media_pipeline.specs import FORMAT_OPERATIONS, ORIGINAL, WIDTHS, RenditionSpec

from . import sql


def rendition_specs(*, crops) -> list[str]:
    """Every filter spec the given crops can use, so only those renditions are read."""
    variants = {crop or ORIGINAL for crop in crops}
    return [
        RenditionSpec(variant, width, fmt).filter_spec
        for variant in variants
        for width in WIDTHS
        for fmt in FORMAT_OPERATIONS
    ]


# What an image's JSON reads (media_pipeline.api, image_data); each row repeats
# them, so nothing else is read (the others are deferred).
IMAGE_FIELDS = {
    "id",
    "title",
    "file",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
    "description",
    "alt_text",
    "caption",
    "credit",
    "placeholder",
    "has_alpha",
}
RENDITION_FIELDS = ("filter_spec", "focal_point_key", "file")


def images_with_renditions(*, ids, crops) -> dict:
    """The images by id, each with the stored files of its usable renditions
    (`rendition_files`, see media_pipeline.api), in one query whatever their
    number: a row per image and rendition, read as plain rows (cms.api.sql)
    rather than as a rendition model each, which would cost more than the rest
    of a page."""
    ids = list(ids)
    if not ids:
        # A listing without pictures (the shop's, say) costs no query.
        return {}
    model = get_image_model()
    renditions = model.get_rendition_model()
    # In the model's order, which is the order from_db() expects the values in.
    fields = [f for f in model._meta.concrete_fields if f.attname in IMAGE_FIELDS]
    specs = rendition_specs(crops=crops)
    image_table, rendition_table = sql.name(model), sql.name(renditions)
    columns = [f"{image_table}.{sql.name(model, f.name)}" for f in fields]
    columns += [f"{rendition_table}.{sql.name(renditions, name)}" for name in RENDITION_FIELDS]
    image_id = f"{image_table}.{sql.name(model, 'id')}"
    query = (
        f"SELECT {', '.join(columns)} FROM {image_table}"  # noqa: S608 - names from the models
        f" LEFT OUTER JOIN {rendition_table}"
        f" ON ({rendition_table}.{sql.name(renditions, 'image')} = {image_id}"
        f" AND {rendition_table}.{sql.name(renditions, 'filter_spec')}"
        f" IN ({sql.placeholders(specs)}))"
        f" WHERE {image_id} IN ({sql.placeholders(ids)})"
    )
    images: dict = {}
    width = len(fields)
    for row in sql.rows(query, [*specs, *ids]):
        values, (filter_spec, focal_point_key, name) = row[:width], row[width:]
        image = images.get(values[0])
        if image is None:
            # The values as the ORM would hand them over (SQLite's 0/1 as booleans).
            values = tuple(
                field.to_python(value) for field, value in zip(fields, values, strict=True)
            )
            image = images[values[0]] = model.from_db(
                connection.alias, [f.attname for f in fields], values
            )
            image.rendition_files = {}
            image.json_inputs = values
        if name:
            image.rendition_files[(filter_spec, focal_point_key)] = name
    for image in images.values():
        image.json_inputs = (image.json_inputs, tuple(sorted(image.rendition_files.items())))
    return images


# Image JSON already written, by everything it is written from (see image_data).
_written: OrderedDict = OrderedDict()
WRITTEN_MAX = 2_000


def image_data(image, *, base_url: str, crop: str | None = None) -> dict:
    """An image's JSON. Writing it (a srcset of every width and format) costs more
    than reading the image, so the process remembers it by all it is made from:
    the image's row and its renditions' files as just read (`json_inputs`, see
    images_with_renditions), the base URL, the crop and the storage's URL base.
    Any change of the image or its renditions changes that key: nothing needs to
    be forgotten, and nothing is ever answered from a stale image. Signed storage
    URLs expire, so they are never remembered."""
    inputs = getattr(image, "json_inputs", None)
    storage = image.get_rendition_model()._meta.get_field("file").storage
    if inputs is None or getattr(storage, "querystring_auth", False):
        return _image_data(image, base_url=base_url, crop=crop)
    target = getattr(storage, "_wrapped", storage)
    key = (inputs, base_url, crop, id(target), getattr(target, "base_url", None))
    data = _written.get(key)
    if data is None:
        data = _written[key] = _image_data(image, base_url=base_url, crop=crop)
        if len(_written) > WRITTEN_MAX:
            _written.popitem(last=False)
    return data


def _image_data(image, *, base_url: str, crop: str | None) -> dict:
    return {
        **image_responsive_data(image=image, request_or_base_url=base_url, crop=crop),
        "caption": image.caption,
        "credit": image.credit,
    }
