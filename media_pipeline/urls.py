from django.urls import path

from media_pipeline.views import rendition_redirect

app_name = "media_pipeline"

urlpatterns = [
    path(
        "<int:image_id>/<slug:variant>/<str:filename>",
        rendition_redirect,
        name="rendition",
    ),
]
