"""The owner edits a project through the admin's HTTP views, as the browser would."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from cms.content.models import ProjectPage
from tests.content.factories import ProjectIndexPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_index(home):
    return ProjectIndexPageFactory(parent=home)


BODY = streamfield(
    [
        ("heading", {"text": "The brief", "level": "h2"}),
        ("paragraph", rich_text("<p>Room for forty records.</p>")),
    ]
)


def admin_form(client, url):
    """The form's fields as the admin renders them. StreamFields are drawn by
    JavaScript from a JSON state, so a test supplies their data itself."""
    return querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")


def project_form_data(add_url, client, **overrides):
    """The add form filled in like an editor would."""
    form = admin_form(client, add_url)
    photo = ImageFactory(title="Finished sideboard")
    form.update(
        nested_form_data(
            {
                "title": "Walnut sideboard",
                "slug": "walnut-sideboard",
                "summary": "A low sideboard in walnut for a living room in Freiburg.",
                "completion_date": "2026-10-01",
                "location": "Freiburg",
                "categories": "furniture, sideboard",
                "hero_image": photo.pk,
                "materials": inline_formset([{"name": "walnut"}, {"name": "linseed oil"}]),
                "gallery_images": inline_formset([{"image": photo.pk, "caption": "Front view"}]),
                "body": BODY,
                **overrides,
            }
        )
    )
    return form


def test_owner_creates_previews_and_publishes_a_project(owner_client, project_index, client):
    add_url = reverse("wagtailadmin_pages:add", args=("content", "projectpage", project_index.pk))
    data = project_form_data(add_url, owner_client)

    response = owner_client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    project = ProjectPage.objects.get(slug="walnut-sideboard")
    assert not project.live, "saving a draft must not publish it"
    assert project.has_unpublished_changes

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(project.pk,))
    edit_url = reverse("wagtailadmin_pages:edit", args=(project.pk,))
    edit_data = admin_form(owner_client, edit_url)
    edit_data.update(nested_form_data({"body": BODY}))
    edit_data["title"] = "Walnut sideboard with record shelf"
    assert owner_client.post(preview_url, edit_data).json()["is_valid"]
    preview = owner_client.get(preview_url).content.decode()
    assert "Walnut sideboard with record shelf" in preview
    assert "Room for forty records." in preview
    assert "Front view" in preview
    # The public site still has nothing: preview changes nothing.
    assert client.get("/walnut-sideboard/").status_code == 404
    assert client.get(project.url).status_code == 404

    edit_data["action-publish"] = "action-publish"
    response = owner_client.post(edit_url, edit_data)
    assert response.status_code == 302

    project.refresh_from_db()
    assert project.live
    assert project.title == "Walnut sideboard with record shelf"
    assert [m.name for m in project.materials.all()] == ["walnut", "linseed oil"]
    assert sorted(project.categories.names()) == ["furniture", "sideboard"]
    assert project.gallery_images.get().caption == "Front view"
    public = client.get(project.url)
    assert public.status_code == 200
    assert b"Room for forty records." in public.content


def test_publishing_a_project_without_summary_is_refused(owner_client, project_index):
    add_url = reverse("wagtailadmin_pages:add", args=("content", "projectpage", project_index.pk))
    data = project_form_data(add_url, owner_client, summary="")
    data["action-publish"] = "action-publish"
    response = owner_client.post(add_url, data)
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not ProjectPage.objects.exists()


def test_publishing_a_call_to_action_without_target_is_refused(owner_client, home):
    edit_url = reverse("wagtailadmin_pages:edit", args=(home.pk,))
    data = admin_form(owner_client, edit_url)
    data["action-publish"] = "action-publish"
    data.update(
        nested_form_data(
            {
                "body": streamfield([]),
                "call_to_action": streamfield(
                    [("call_to_action", {"title": "Call us", "button_label": "Go", "url": ""})]
                ),
            }
        )
    )
    response = owner_client.post(edit_url, data)
    assert response.status_code == 200
    assert "call_to_action" in response.context["form"].errors
    home.refresh_from_db()
    assert not home.call_to_action
