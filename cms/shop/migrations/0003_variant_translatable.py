import uuid

import django.db.models.deletion
from django.db import migrations, models


def variants_keyed(apps, schema_editor):
    """Each existing variant gets a key of its own and its product's language."""
    ProductVariant = apps.get_model("shop", "ProductVariant")
    for variant in ProductVariant.objects.select_related("product"):
        variant.translation_key = uuid.uuid4()
        variant.locale_id = variant.product.locale_id
        variant.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0002_order_billing_address"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="productvariant",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="productvariant",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(variants_keyed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="productvariant",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="productvariant",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="productvariant",
            unique_together={("translation_key", "locale")},
        ),
    ]
