"""Block types in the document come from the block definitions themselves."""

import pytest
from pydantic import TypeAdapter
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.api.contract import block_type, stream_item_type


class EventBlock(blocks.StructBlock):
    name = blocks.CharBlock()
    starts = blocks.DateTimeBlock(required=False)
    seats = blocks.IntegerBlock(required=False)
    price = blocks.DecimalBlock(required=False)
    online = blocks.BooleanBlock(required=False)
    kind = blocks.ChoiceBlock(choices=[("talk", "Talk"), ("workshop", "Workshop")], required=False)
    topics = blocks.MultipleChoiceBlock(choices=[("oak", "Oak"), ("ash", "Ash")])
    photos = blocks.ListBlock(ImageChooserBlock())
    divider = blocks.StaticBlock()

    class Meta:
        description = "An event in the workshop."


def definition(annotation, name: str) -> dict:
    schema = TypeAdapter(annotation).json_schema()
    return schema if schema.get("title") == name else schema["$defs"][name]


def test_a_struct_block_becomes_an_object_of_its_children_named_after_its_class():
    event = definition(block_type(EventBlock(), "Unused"), "EventBlock")
    assert event["description"] == "An event in the workshop."
    properties = event["properties"]
    assert properties["name"] == {"title": "Name", "type": "string"}
    assert {"type": "null"} in properties["seats"]["anyOf"]
    assert properties["price"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert properties["kind"]["anyOf"][0]["enum"] == ["talk", "workshop"]
    # An optional choice left empty is stored as "".
    assert {"const": "", "type": "string"} in properties["kind"]["anyOf"]
    assert properties["topics"]["items"]["enum"] == ["oak", "ash"]
    assert properties["photos"]["type"] == "array"
    assert properties["divider"] == {"title": "Divider", "type": "null"}
    assert set(event["required"]) == set(EventBlock.base_blocks)


def test_a_stream_block_is_a_union_discriminated_by_the_block_type():
    stream = blocks.StreamBlock([("event", EventBlock()), ("note", blocks.TextBlock())])
    item = stream_item_type(stream, "Programme")
    union = TypeAdapter(item).json_schema()
    assert set(union["discriminator"]["mapping"]) == {"event", "note"}
    note = definition(item, "ProgrammeNote")["properties"]
    assert note["type"] == {"const": "note", "title": "Type", "type": "string"}
    assert note["value"] == {"title": "Value", "type": "string"}


def test_a_kind_of_block_the_api_cannot_write_stops_it_from_starting():
    class MapBlock(blocks.Block):
        pass

    with pytest.raises(TypeError, match="MapBlock"):
        block_type(MapBlock(), "Map")
