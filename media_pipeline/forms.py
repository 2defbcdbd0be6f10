"""The admin's image form: validated, metadata-free uploads (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from media_pipeline.storage import storage_reachable_check
from media_pipeline.validation import upload_prepare


class PipelineImageField(WagtailImageField):
    def to_python(self, data):
        if data in self.empty_values:
            return super().to_python(data)
        # Ours first: it reads the real format from the bytes (a HEIC photo
        # named .jpg is renamed, not refused) and decodes the whole file.
        return super().to_python(upload_prepare(file=data))


class ImageForm(BaseImageForm):
    file = PipelineImageField(label="File", widget=forms.FileInput())

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            field = self.instance.file.field
            try:
                storage_reachable_check(
                    storage=field.storage,
                    name=field.generate_filename(self.instance, upload.name),
                )
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned_data

    def save(self, commit=True):
        if "file" in self.changed_data:
            # Describe the new file, not the old one; the rendition task
            # fills these in again.
            self.instance.placeholder = ""
            self.instance.has_alpha = False
        return super().save(commit=commit)
