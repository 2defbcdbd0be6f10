"""A service's intake questions, and the server's check of a client's answers.

Questions are StreamField blocks, so wagtail-localize translates their labels
and choices while each keeps its block id; answers are keyed by that id and
stored as JSON of plain values: a string, a list of strings, a number, an ISO
date, true or false. Answers are erased after BOOKING_INTAKE_RETENTION_DAYS
(cms.booking.retention)."""

from datetime import date

from wagtail import blocks

KINDS = ("choice", "multiple_choice", "text", "number", "date", "yes_no")


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=200)
    help_text = blocks.CharBlock(required=False, max_length=300)
    required = blocks.BooleanBlock(required=False)


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=120))


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(required=False)
    max_value = blocks.DecimalBlock(required=False)


class IntakeBlock(blocks.StreamBlock):
    choice = ChoiceQuestionBlock(icon="list-ul")
    multiple_choice = ChoiceQuestionBlock(icon="tasks")
    text = QuestionBlock(icon="pilcrow")
    number = NumberQuestionBlock(icon="order")
    date = QuestionBlock(icon="date")
    yes_no = QuestionBlock(icon="tick")


def questions_json(intake) -> list[dict]:
    """The questions as the API describes them."""
    questions = []
    for block in intake:
        value = block.value
        question = {
            "id": block.id,
            "type": block.block_type,
            "label": value["label"],
            "help_text": value["help_text"] or "",
            "required": bool(value["required"]),
            "choices": list(value.get("choices") or []),
        }
        if block.block_type == "number":
            question["min"] = _number(value["min_value"])
            question["max"] = _number(value["max_value"])
        questions.append(question)
    return questions


def _number(value):
    return None if value is None else float(value)


class InvalidAnswers(Exception):
    def __init__(self, fields: dict[str, str]):
        super().__init__("Some answers need attention.")
        self.fields = fields


def answers_clean(*, intake, answers: dict) -> dict:
    """The answers reduced to the service's questions, each checked against its
    kind; raises InvalidAnswers with one message per question at fault."""
    if not isinstance(answers, dict):
        raise InvalidAnswers({"answers": "An object of answers keyed by question id."})
    questions = {question["id"]: question for question in questions_json(intake)}
    errors = {
        f"answers.{key}": "Not a question of this service."
        for key in answers
        if key not in questions
    }
    cleaned = {}
    for key, question in questions.items():
        value = answers.get(key)
        if value is None or value in ("", []):
            if question["required"]:
                errors[f"answers.{key}"] = "This question needs an answer."
            continue
        try:
            cleaned[key] = _answer_clean(question, value)
        except ValueError as error:
            errors[f"answers.{key}"] = str(error)
    if errors:
        raise InvalidAnswers(errors)
    return cleaned


def _answer_clean(question: dict, value):
    kind = question["type"]
    if kind == "choice":
        if value not in question["choices"]:
            raise ValueError("One of the offered choices.")
        return value
    if kind == "multiple_choice":
        if not isinstance(value, list) or not all(v in question["choices"] for v in value):
            raise ValueError("A list of the offered choices.")
        return sorted(set(value), key=question["choices"].index)
    if kind == "text":
        if not isinstance(value, str) or len(value) > 2000:
            raise ValueError("Text of at most 2000 characters.")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("A number.")
        low, high = question["min"], question["max"]
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"A number from {low} to {high}.")
        return value
    if kind == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError) as error:
            raise ValueError("A date as YYYY-MM-DD.") from error
    if not isinstance(value, bool):
        raise ValueError("true or false.")
    return value
