from django.db import models, transaction
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from media_pipeline.storage import stored_file_delete_quietly


class CustomImage(AbstractImage):
    """The site's image model, swapped in from the first migration.

    Alt text belongs to the image, not to each place it is used, so an
    editor writes it once and every page and the API can rely on it.
    """

    alt_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Describe the photo for people who cannot see it. Leave empty if decorative.",
    )
    caption = models.CharField(max_length=255, blank=True)
    credit = models.CharField(
        max_length=255, blank=True, help_text="Photographer or source, shown with the image."
    )
    # Filled by the rendition task from the decoded pixels, so that listing
    # an image's renditions or describing it in the API never opens its file.
    placeholder = models.TextField(blank=True, editable=False)
    has_alpha = models.BooleanField(default=False, editable=False)

    # Wagtail's own `description` also feeds alt text; one field for it is
    # enough, so the form shows ours instead.
    admin_form_fields = (
        *(name for name in Image.admin_form_fields if name != "description"),
        "alt_text",
        "caption",
        "credit",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"

    @property
    def default_alt_text(self):
        return self.alt_text or super().default_alt_text

    def save(self, *args, **kwargs):
        """Save the row and a new original as one: if either fails, neither is left behind.

        Wagtail's multiple upload saves outside any transaction, so a failure
        after the insert (S3 dropping out mid-save) would keep a row whose
        file may be missing, and a file stored before a failed insert would
        stay in the bucket with no row.
        """
        storing_new_original = bool(self.file) and not self.file._committed
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
        except Exception:
            if storing_new_original and self.file._committed:
                stored_file_delete_quietly(file=self.file)
            raise


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class RenditionClaim(models.Model):
    """A worker's claim to render one spec of one image.

    The unique constraint makes claiming atomic on every database: of two
    workers (or a worker and an on-demand request) racing for a spec, one
    insert wins and only that one renders it. A rendition row itself cannot
    be the claim, because it must not exist before its file does: a URL
    handed out for it would lead nowhere.
    """

    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="+")
    filter_spec = models.CharField(max_length=255)
    focal_point_key = models.CharField(max_length=16, blank=True, default="")
    token = models.CharField(max_length=32, db_index=True)
    claimed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("image", "filter_spec", "focal_point_key"), name="unique_rendition_claim"
            )
        ]

    def __str__(self):
        return f"{self.filter_spec} of image {self.image_id}"
