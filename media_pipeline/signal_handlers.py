from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images import get_image_model

from media_pipeline.tasks import rendition_set_generate_task

# Saves that touch none of these (file size, hash, our own placeholder)
# cannot change which renditions an image needs.
_RENDITION_FIELDS = {
    "file",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
}


def post_save_enqueue_renditions(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not _RENDITION_FIELDS & set(update_fields)):
        return
    # After commit, so the worker finds the image and its file; the task
    # skips specs that already exist, so saving a title is cheap.
    image_id = instance.pk
    transaction.on_commit(lambda: rendition_set_generate_task.enqueue(image_id=image_id))


def register_signal_handlers():
    post_save.connect(post_save_enqueue_renditions, sender=get_image_model())
