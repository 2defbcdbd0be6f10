"""Snippets that face visitors and belong to one client's site.

Both are translatable: wagtail-localize's translation editor translates
their texts, and the site, photo and order of a translation follow the
original (synchronised fields).
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from sites.forms import SiteOwnedForm
from sites.models import SiteLanguageDefault

IMAGE_MODEL = "media_pipeline.CustomImage"


class SiteOwned(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The site that shows it.",
    )

    base_form_class = SiteOwnedForm

    class Meta:
        abstract = True


class TranslatableSiteOwned(SiteLanguageDefault, TranslatableMixin, SiteOwned):
    class Meta(TranslatableMixin.Meta):
        abstract = True


class Testimonial(index.Indexed, TranslatableSiteOwned):
    quote = models.TextField()
    author = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="For example 'Homeowner'.")

    panels = [FieldPanel("site"), FieldPanel("quote"), FieldPanel("author"), FieldPanel("role")]
    # A person's name stays as it is in every language.
    translatable_fields = [
        TranslatableField("quote"),
        TranslatableField("role"),
        SynchronizedField("author"),
        SynchronizedField("site"),
    ]
    search_fields = [
        index.SearchField("quote"),
        index.SearchField("author"),
        index.AutocompleteField("author"),
        index.FilterField("site"),
        index.FilterField("locale"),
    ]

    def __str__(self):
        return f"{self.author}: {self.quote[:40]}"


class TeamMember(index.Indexed, TranslatableSiteOwned):
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    photo = models.ForeignKey(
        IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("sort_order"),
    ]
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"),
        SynchronizedField("photo"),
        SynchronizedField("sort_order"),
        SynchronizedField("site"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.FilterField("site"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableSiteOwned.Meta):
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
