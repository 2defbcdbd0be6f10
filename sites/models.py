from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_content_languages
from wagtail.fields import StreamField


class SiteLanguageDefault:
    """For a translatable object that belongs to a site: made outside the admin
    (which sets the locale), it is in its site's language. Put before
    TranslatableMixin among the bases."""

    def get_default_locale(self):
        if self.site_id:
            return self.site.root_page.locale
        return super().get_default_locale()


SOCIAL_PLATFORMS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("pinterest", "Pinterest"),
    ("youtube", "YouTube"),
    ("tiktok", "TikTok"),
    ("x", "X"),
    ("other", "Other"),
]


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.CharBlock(max_length=60, help_text="For example 'Monday to Friday'.")
    hours = blocks.CharBlock(max_length=60, help_text="For example '8:00–17:00' or 'closed'.")


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock()


def validate_origins(value: str) -> None:
    for origin in value.split():
        URLValidator(schemes=["http", "https"])(origin)
        if origin.rstrip("/").count("/") > 2:
            raise ValidationError(f"{origin} is not an origin: leave out any path.")


def validate_languages(value: str) -> None:
    known = get_content_languages()
    unknown = [code for code in value.split() if code not in known]
    if unknown:
        raise ValidationError(
            f"Not a content language of this installation: {', '.join(unknown)}; "
            f"use some of {', '.join(known)}."
        )


def site_language_codes(*, default: str, languages: str) -> list[str]:
    """The languages a site publishes, its default (home page) language first."""
    chosen = languages.split() or list(get_content_languages())
    return [default, *(code for code in chosen if code != default)]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the business behind a site is, and where its frontend lives."""

    business_name = models.CharField(max_length=120, blank=True)
    legal_name = models.CharField(max_length=160, blank=True, help_text="As in the imprint.")
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    opening_hours = StreamField([("period", OpeningHoursBlock())], blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    logo = models.ForeignKey(
        "media_pipeline.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frontend_base_url = models.URLField(
        blank=True,
        help_text="Where visitors see the site, e.g. https://www.holz.example. "
        "Used for previews and absolute links.",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The client's own images and documents (set by create_client_site).",
    )
    cors_allowed_origins = models.TextField(
        blank=True,
        validators=[validate_origins],
        help_text="Browser origins allowed to call the API for this site, one per line.",
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_languages],
        help_text="Language codes the site publishes, e.g. 'de en'; all content languages "
        "if empty. The home page's language is always published.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("business_name"),
                FieldPanel("legal_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("logo"),
            ],
            heading="Business",
        ),
        FieldPanel("opening_hours"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("frontend_base_url"),
                FieldPanel("cors_allowed_origins"),
                FieldPanel("languages"),
            ],
            heading="Frontend",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    @property
    def cors_origins(self) -> list[str]:
        return [origin.rstrip("/") for origin in self.cors_allowed_origins.split()]
