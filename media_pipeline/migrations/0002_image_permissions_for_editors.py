from django.db import migrations

CODENAMES = {
    "add_customimage": "Can add image",
    "change_customimage": "Can change image",
    "delete_customimage": "Can delete image",
    "choose_image": "Can choose image",
}


def grant_image_permissions(apps, schema_editor):
    """Give Wagtail's Editors and Moderators groups the same rights on our image model
    that Wagtail's migrations give them on its own, so editors can upload and choose photos."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="media_pipeline", model="customimage"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def revoke_image_permissions(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="media_pipeline",
        permission__codename__in=CODENAMES,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media_pipeline", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant_image_permissions, revoke_image_permissions)]
