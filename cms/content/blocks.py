"""The one block library every page type builds its body from.

Each block carries an admin icon, a description and a preview value so the
block picker shows editors what they are about to insert. Templates live in
`templates/components/` and are used for Wagtail's own preview.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.permissions import policy_registry

# Enough to structure text; no colours, fonts or raw HTML that would fight
# the frontend's design.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]


def _editors_image(user):
    """A photo the editor may choose, so an image block's preview shows one of
    their own site's photos and never another client's."""
    images = policy_registry.get_by_type(get_image_model())
    return images.instances_user_has_any_permission_for(user, ["choose"]).order_by("pk").first()


class EditorsImagePreviewMixin:
    """The block picker previews image blocks with the editor's own photo, or
    a drawn placeholder when they have none yet. Wagtail asks for the preview
    value without the request, so the image goes in with the preview context."""

    def preview_value(self, image):
        raise NotImplementedError

    def get_preview_value(self):
        return self.preview_value(None)

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        request = context.get("request")
        image = _editors_image(request.user) if request else None
        return {
            **context,
            "bound_block": self.bind(self.preview_value(image)),
            "image_placeholder": True,
        }


def alt_text_block() -> blocks.CharBlock:
    # Images are shared by every language of a site, so their own alt text is
    # in one language. Alt text written on the block is a string of the page:
    # wagtail-localize's translation editor offers it with the page's other
    # texts, and the delivery API prefers it to the image's own.
    # default="" (as every optional text block here): blocks stored without a
    # value for it, made in code or before the field existed, would otherwise
    # hold None, which wagtail-localize's translation refuses.
    return blocks.CharBlock(
        required=False,
        default="",
        max_length=255,
        help_text="Describes the photo for this page; the image's own alt text if empty.",
    )


class AltTextMixin:
    """Blocks with an `image` and an `alt_text`: the image's JSON carries the page's alt text."""

    def api_extend(self, data: dict) -> dict:
        if data.get("image") and data.get("alt_text"):
            return {**data, "image": {**data["image"], "alt": data["alt_text"]}}
        return data


class ImageWithCaptionBlock(EditorsImagePreviewMixin, AltTextMixin, blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = alt_text_block()
    caption = blocks.CharBlock(required=False, default="", max_length=255)

    class Meta:
        icon = "image"
        template = "components/image_with_caption.html"
        description = "A single photo across the text column, with an optional caption."
        label = "Image"

    def preview_value(self, image):
        return self.normalize({"image": image, "caption": "Oak staircase, oiled finish"})


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Subheading (H3)")],
        default="h2",
        help_text="Use H2 for sections and H3 inside a section.",
    )

    class Meta:
        icon = "title"
        template = "components/heading.html"
        description = "A heading that structures the page into sections."
        preview_value = {"text": "Our workshop", "level": "h2"}


class GalleryBlock(EditorsImagePreviewMixin, blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="", max_length=120)
    images = blocks.ListBlock(ImageWithCaptionBlock(), min_num=1)

    class Meta:
        icon = "image"
        template = "components/gallery.html"
        description = "A grid of photos, for example the steps of a project."

    def preview_value(self, image):
        return self.normalize(
            {"title": "From rough timber to finished table", "images": [{"image": image}] * 3}
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="What the customer said, without quotation marks.")
    author = blocks.CharBlock(max_length=120)
    role = blocks.CharBlock(
        required=False, default="", max_length=120, help_text="For example 'Homeowner, Freiburg'."
    )

    class Meta:
        icon = "openquote"
        template = "components/quote.html"
        description = "A customer testimonial or a quotation."
        label = "Quote / testimonial"
        preview_value = {
            "quote": "The new kitchen fits to the millimetre and feels like it was always there.",
            "author": "Anna Weber",
            "role": "Homeowner",
        }


class CallToActionValue(blocks.StructValue):
    @property
    def link_url(self) -> str:
        page = self.get("page")
        return page.url if page else self.get("url", "")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, default="")
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page of this site…")
    url = blocks.URLBlock(required=False, default="", help_text="…or to any web address.")

    class Meta:
        icon = "pick"
        template = "components/call_to_action.html"
        description = "A highlighted box with a button that leads visitors to the next step."
        label = "Call to action"
        value_class = CallToActionValue
        preview_value = {
            "title": "Planning a kitchen?",
            "text": "Tell us about your room and we send you a quote within a week.",
            "button_label": "Request a quote",
            "url": "https://example.com/contact/",
        }

    # What api_extend adds, for the API's document: the name and its type.
    api_fields = {"href": (str | None, ...)}

    def api_extend(self, data: dict) -> dict:
        """The delivery API adds the one link the button leads to."""
        page = data.get("page")
        return {**data, "href": (page or {}).get("href") or data.get("url") or None}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose either a page or a web address for the button."
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ErrorList([ValidationError(message)]),
                    "url": ErrorList([ValidationError(message)]),
                }
            )
        return value


class TextWithImageBlock(EditorsImagePreviewMixin, AltTextMixin, blocks.StructBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageChooserBlock()
    alt_text = alt_text_block()
    image_position = blocks.ChoiceBlock(
        choices=[("left", "Image on the left"), ("right", "Image on the right")],
        default="right",
    )

    class Meta:
        icon = "doc-full"
        template = "components/text_with_image.html"
        description = "Text beside a photo; on phones the photo goes above the text."
        label = "Text beside image"

    def preview_value(self, image):
        return self.normalize(
            {
                "text": "<p>Every piece is planned with you and built in our own workshop.</p>",
                "image": image,
                "image_position": "right",
            }
        )


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address, for example.")
    caption = blocks.CharBlock(required=False, default="", max_length=255)

    class Meta:
        icon = "media"
        template = "components/video.html"
        # The picker's preview must not fetch from the video service, so it
        # shows a frame of the right shape instead of the player.
        preview_template = "components/video_preview.html"
        preview_value = {
            "video": "https://www.youtube.com/watch?v=workshop-tour",
            "caption": "A tour of our workshop",
        }
        description = "An embedded video from YouTube, Vimeo or another video service."
        label = "Video"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=SHORT_RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, default="Frequently asked questions")
    items = blocks.ListBlock(FaqItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "components/faq.html"
        description = "Questions and answers that customers often ask."
        label = "FAQ"
        preview_value = {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "How long does a fitted kitchen take?",
                    "answer": "<p>About six weeks from the final plan to installation.</p>",
                },
                {
                    "question": "Which woods do you use?",
                    "answer": "<p>Mostly oak, walnut and ash from regional forests.</p>",
                },
            ],
        }


class FactBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=30, help_text="The figure, for example '35' or '1,200'.")
    label = blocks.CharBlock(max_length=80, help_text="What it counts, for example 'years'.")


class FactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="", max_length=120)
    facts = blocks.ListBlock(FactBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "components/facts.html"
        description = "A row of key figures, such as years in business or projects finished."
        label = "Facts and figures"
        preview_value = {
            "title": "The workshop in figures",
            "facts": [
                {"value": "35", "label": "years of craft"},
                {"value": "1,200", "label": "projects finished"},
                {"value": "8", "label": "carpenters"},
            ],
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label="Text",
        template="components/paragraph.html",
        description="Formatted text with headings, lists and links.",
        preview_value=(
            "<h2>Made to measure</h2><p>We build furniture, kitchens and stairs "
            "that fit your home exactly.</p>"
        ),
    )
    image = ImageWithCaptionBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    text_with_image = TextWithImageBlock()
    video = VideoBlock()
    faq = FaqBlock()
    facts = FactsBlock()
