"""On S3 (moto server on 127.0.0.1): upload, rendering into the bucket, URLs, deletion,
and uploads while S3 is down."""

import json
import socket
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from media_pipeline.api import image_responsive_data
from media_pipeline.models import CustomImage
from tests.media_pipeline import corpus

pytestmark = pytest.mark.django_db

BUCKET = "client-media"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def moto_server():
    """A moto S3 server on a free port of 127.0.0.1, and its endpoint."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def moto_bucket(monkeypatch, bucket: str):
    """An empty bucket on a moto S3 server of its own on 127.0.0.1, with test
    credentials in the environment: the server (to stop), its endpoint, a client."""
    server, endpoint = moto_server()
    return server, endpoint, moto_bucket_on(monkeypatch, endpoint, bucket)


def moto_bucket_on(monkeypatch, endpoint: str, bucket: str):
    """An empty bucket, the only one, on a running moto server, with test
    credentials in the environment; a client of it."""
    # Moto keeps its buckets in this process, across servers: start empty.
    reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")  # noqa: S310
    urllib.request.urlopen(reset).close()  # noqa: S310 - our own moto endpoint
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1")
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    return client


@pytest.fixture
def s3(monkeypatch):
    server, endpoint, client = moto_bucket(monkeypatch, BUCKET)
    # Media are public, as in production: the bucket policy lets anyone read.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "eu-central-1",
        "default_acl": None,
        "querystring_auth": False,
        "file_overwrite": False,
    }
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        storages._storages.clear()
        yield client
    storages._storages.clear()
    server.stop()


@pytest.fixture
def s3_unreachable(monkeypatch):
    """Media on S3 whose endpoint refuses connections, as when S3 is down."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    options = {
        "bucket_name": BUCKET,
        # Nothing listens on a port just freed.
        "endpoint_url": f"http://127.0.0.1:{free_port()}",
        "region_name": "eu-central-1",
        "file_overwrite": False,
        # Fail in a second rather than after botocore's retries.
        "client_config": Config(connect_timeout=1, retries={"total_max_attempts": 1}),
    }
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        storages._storages.clear()
        yield
    storages._storages.clear()


def bucket_keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_upload_renders_into_the_bucket_urls_resolve_and_deletion_removes_files(
    s3, upload, django_capture_on_commit_callbacks
):
    response = upload("roof.jpg", corpus.rotated_phone_jpeg())
    assert response.status_code == 302

    image = CustomImage.objects.get()
    keys = bucket_keys(s3)
    assert image.file.name in keys
    assert {r.file.name for r in image.renditions.all()} <= keys
    assert len(keys) == 1 + image.renditions.count()

    data = image_responsive_data(image=image, request_or_base_url="https://cms.example")
    for url in (data["src"], data["srcset"]["avif"].split(", ")[0].split(" ")[0]):
        assert url.startswith(s3.meta.endpoint_url)
        with urllib.request.urlopen(url) as reply:  # noqa: S310 - our own moto endpoint
            assert reply.status == 200
            assert len(reply.read()) > 100

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert bucket_keys(s3) == set()


STORAGE_DOWN_MESSAGE = "could not be stored"


def test_upload_while_s3_is_down_shows_a_form_error_and_saves_nothing(s3_unreachable, upload):
    response = upload("roof.jpg", corpus.rotated_phone_jpeg())

    assert response.status_code == 200
    assert STORAGE_DOWN_MESSAGE in " ".join(response.context["form"].errors["file"])
    assert CustomImage.objects.count() == 0


def test_multiple_upload_while_s3_is_down_answers_with_an_error_and_saves_nothing(
    s3_unreachable, owner_client
):
    response = owner_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("roof.jpg", corpus.rotated_phone_jpeg())},
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert STORAGE_DOWN_MESSAGE in response.json()["error_message"]
    assert CustomImage.objects.count() == 0


def test_s3_failing_after_the_row_is_written_leaves_no_row_and_no_file(s3, owner_client):
    def s3_drops_out(sender, instance, created, **kwargs):
        if created:
            raise EndpointConnectionError(endpoint_url=s3.meta.endpoint_url)

    owner_client.raise_request_exception = False
    post_save.connect(s3_drops_out, sender=CustomImage)
    try:
        response = owner_client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("roof.jpg", corpus.rotated_phone_jpeg())},
        )
    finally:
        post_save.disconnect(s3_drops_out, sender=CustomImage)

    assert response.status_code == 500
    assert CustomImage.objects.count() == 0
    assert bucket_keys(s3) == set()
