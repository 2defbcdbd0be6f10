import io

import factory
from factory.django import DjangoModelFactory
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection


def jpeg_bytes(size=(640, 480), colour=(160, 110, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class ImageFactory(DjangoModelFactory):
    """An image in the root collection, made in memory with Pillow."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Photo {n}")
    alt_text = factory.LazyAttribute(lambda image: f"Alt text of {image.title}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=640, height=480, color="brown", format="JPEG")
