"""Types for the OpenAPI document, generated from the block definitions.

Every StreamField becomes a discriminated union on the block's `type`, every
StructBlock an object of its children, all the way down; cms.api.representation
writes the JSON these types describe. A block added to a StreamField appears
in the document by itself, and a kind of block this module does not know
stops the API from starting, so nothing is ever described as "any value".
"""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Union

from django.db.models import Model
from pydantic import Field, create_model
from typing_extensions import TypeAliasType
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from . import schemas

# Blocks whose JSON is the stored text as it is.
TEXT_BLOCKS = (
    blocks.CharBlock,
    blocks.TextBlock,
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.RegexBlock,
    blocks.BlockQuoteBlock,
    blocks.RawHTMLBlock,
)
# Blocks whose JSON is a stored number, flag or ISO 8601 text; None when left empty.
SCALAR_BLOCKS = (
    (blocks.BooleanBlock, bool),
    (blocks.IntegerBlock, int),
    (blocks.FloatBlock, float),
    # Stored, and so written, as text: exact, unlike a JSON number.
    (blocks.DecimalBlock, str),
    (blocks.DateTimeBlock, datetime),
    (blocks.DateBlock, date),
    (blocks.TimeBlock, time),
)
# References: resolved to their JSON, None when unset, deleted or unpublished.
REFERENCE_BLOCKS = (
    (ImageChooserBlock, schemas.Image),
    (blocks.PageChooserBlock, schemas.PageLink),
    (DocumentChooserBlock, schemas.DocumentLink),
    (EmbedBlock, schemas.Embed),
)

# One model per name: blocks used in several places (the same StructBlock class
# in two StreamFields) are one component of the document.
_models: dict[str, type] = {}


def _named(name: str, build: Callable[[], Any]) -> Any:
    if name not in _models:
        _models[name] = build()
    return _models[name]


def _model(model_name: str, doc: str | None, fields: dict) -> type:
    return _named(
        model_name,
        lambda: create_model(model_name, __base__=schemas.Schema, __doc__=doc or None, **fields),
    )


def _description(block: blocks.Block) -> str | None:
    # What editors read in the block picker says what the block is for.
    return getattr(block.meta, "description", None)


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def block_type(block: blocks.Block, name: str) -> Any:
    """The type of a block's JSON; `name` names the components of blocks that
    are not classes of their own (a StreamField's anonymous StreamBlock)."""
    if isinstance(block, blocks.StreamBlock):
        return list[stream_item_type(block, name)]
    if isinstance(block, blocks.StructBlock):
        return struct_type(block, name)
    if isinstance(block, blocks.ListBlock):
        return list[block_type(block.child_block, name + "Item")]
    if isinstance(block, blocks.RichTextBlock):
        return Annotated[str, Field(description="HTML; links and images resolved for the site.")]
    if isinstance(block, blocks.ChoiceBlock | blocks.MultipleChoiceBlock):
        return _choice_type(block)
    for kinds, python_type in REFERENCE_BLOCKS:
        if isinstance(block, kinds):
            return python_type | None
    if isinstance(block, TEXT_BLOCKS):
        return str
    for kinds, python_type in SCALAR_BLOCKS:
        if isinstance(block, kinds):
            return python_type | None
    if isinstance(block, blocks.StaticBlock):
        return None
    raise TypeError(
        f"The delivery API cannot describe {type(block).__name__} ({name}): "
        "add it to cms/api/contract.py and cms/api/representation.py."
    )


def _choice_type(block) -> Any:
    values = tuple(str(value) for value, _label in block.field.choices if value != "")
    choice = Literal[values] if values else str
    if isinstance(block, blocks.MultipleChoiceBlock):
        return list[choice]
    # An optional choice left empty is stored as "".
    return choice if block.required else choice | Literal[""]


def struct_type(block: blocks.StructBlock, name: str) -> type:
    own_name = name if type(block) is blocks.StructBlock else type(block).__name__
    fields = {
        child_name: (block_type(child, own_name + _camel(child_name)), ...)
        for child_name, child in block.child_blocks.items()
    }
    # Blocks may add to their JSON (api_extend); they declare what they add.
    fields.update(getattr(block, "api_fields", {}))
    return _model(own_name, _description(block), fields)


def stream_item_type(block: blocks.StreamBlock, name: str) -> Any:
    """One item of a StreamField: `{type, id, value}`, discriminated by `type`."""
    own_name = name if type(block) is blocks.StreamBlock else type(block).__name__
    items = tuple(
        _model(
            own_name + _camel(child_name),
            _description(child),
            {
                "type": (Literal[child_name], ...),
                "id": (str | None, ...),
                "value": (block_type(child, own_name + _camel(child_name) + "Value"), ...),
            },
        )
        for child_name, child in block.child_blocks.items()
    )
    if len(items) == 1:
        return items[0]
    return _named(
        own_name,
        lambda: TypeAliasType(
            own_name,
            Annotated[Union[items], Field(discriminator="type")],  # noqa: UP007
        ),
    )


def stream_type(model: type[Model], field_name: str) -> Any:
    """The type of a model's StreamField as the API writes it."""
    block = model._meta.get_field(field_name).stream_block
    return block_type(block, model.__name__ + _camel(field_name))
