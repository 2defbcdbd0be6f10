from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from media_pipeline.renditions import rendition_get_or_generate
from media_pipeline.specs import spec_from_name


@require_safe
def rendition_redirect(request, image_id: int, variant: str, filename: str):
    """Redirect to a rendition's file, rendering it first if no worker has yet.

    The API hands out this URL for renditions that do not exist yet, so a
    URL it gave out always works. Only specs of the image's own set are
    served: nobody can make the server render arbitrary sizes.
    """
    image = get_object_or_404(get_image_model(), pk=image_id)
    # Ids are sequential: without this, anyone could fetch every upload of
    # every client, drafts included.
    if not import_string(settings.MEDIA_PIPELINE_IMAGE_IS_PUBLIC)(image.pk):
        raise Http404("This image is not published.")
    spec = spec_from_name(image=image, name=f"{variant}/{filename}")
    if spec is None:
        raise Http404("This image has no such rendition.")
    rendition = rendition_get_or_generate(image=image, spec=spec)
    if rendition is None:
        # Another worker is still rendering it; browsers and CDNs retry.
        return HttpResponse(status=503, headers={"Retry-After": "5"})
    # Temporary: after a focal point change the file is a different one.
    return redirect(rendition.url)
