from django_tasks import task
from wagtail.images import get_image_model

from media_pipeline.renditions import rendition_set_generate


@task()
def rendition_set_generate_task(image_id: int, force: bool = False) -> int:
    """Render an image's missing renditions; returns how many this run rendered."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        # Deleted before a worker got to it: nothing to do.
        return 0
    return rendition_set_generate(image=image, force=force)
