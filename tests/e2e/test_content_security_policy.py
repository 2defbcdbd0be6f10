"""The admin, the page editor with its preview, image upload and the API docs
work under the Content-Security-Policy: Chromium reports no violation."""

from tests.content.factories import StandardPageFactory
from tests.e2e.conftest import LIVE_DATABASE
from tests.media_pipeline.factories import jpeg_bytes

pytestmark = LIVE_DATABASE


def test_no_csp_violations_on_dashboard_editor_preview_upload_and_api_docs(
    visitors, superuser, home
):
    page = StandardPageFactory(parent=home, title="Our workshop", slug="workshop")
    admin = visitors()
    admin.sign_in(superuser.username)
    admin.page.wait_for_selector("#main")
    assert admin.page.url.endswith("/admin/")

    admin.goto(f"/admin/pages/{page.pk}/edit/")
    admin.page.wait_for_selector("#id_title")
    admin.page.click("button[data-side-panel-toggle='preview']")
    preview = admin.page.frame_locator("#w-preview-iframe")
    preview.locator("body").wait_for()

    admin.goto("/admin/images/multiple/add/")
    admin.page.set_input_files(
        "#fileupload",
        files=[{"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}],
    )
    admin.page.wait_for_selector("#upload-list li.upload-success", timeout=30_000)

    docs = admin.goto("/api/v1/docs")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    admin.page.wait_for_selector(".swagger-ui .info", timeout=30_000)

    assert admin.csp_violations() == []
