"""The server checks a client's intake answers against each question's kind."""

from datetime import datetime

import pytest

from cms.booking.models import Booking

from .conftest import BERLIN, shared_adviser

pytestmark = pytest.mark.django_db

TEN = datetime(2026, 6, 2, 10, 0, tzinfo=BERLIN)

service, adviser = shared_adviser()


QUESTIONS = {
    "choice": ("choice", {"label": "Office", "choices": ["Stuttgart", "Ulm"]}),
    "multiple_choice": (
        "multiple_choice",
        {"label": "Income", "choices": ["Salary", "Rent", "Shares"]},
    ),
    "text": ("text", {"label": "Anything else?"}),
    "number": (
        "number",
        {
            "label": "Tax year",
            "help_text": "As on the letter.",
            "min_value": 2000,
            "max_value": 2030,
        },
    ),
    "open_number": ("number", {"label": "Children"}),
    "date": ("date", {"label": "Letter received on"}),
    "yes_no": ("yes_no", {"label": "First visit?"}),
}


def _ask(service, name, *, required=False):
    kind, value = QUESTIONS[name]
    service.intake = [(kind, {**value, "required": required})]
    service.save()
    return service.intake[0].id


def _book(client, service, answers):
    body = {
        "service": service.pk,
        "start": TEN.isoformat(),
        "customer": {"name": "Erika Muster", "email": "erika@example.com"},
        "answers": answers,
    }
    return client.post("/api/v1/booking/bookings/", body, content_type="application/json")


@pytest.mark.parametrize(
    ("name", "answer", "stored"),
    [
        ("choice", "Ulm", "Ulm"),
        # Repeats go and the order is the form's, whatever order the client sent.
        ("multiple_choice", ["Shares", "Salary", "Shares"], ["Salary", "Shares"]),
        ("text", "Two letters from the Finanzamt.", "Two letters from the Finanzamt."),
        ("number", 2025, 2025),
        ("number", 2030, 2030),
        ("open_number", 3.5, 3.5),
        ("date", "2026-05-20", "2026-05-20"),
        ("yes_no", False, False),
    ],
)
def test_a_fitting_answer_is_stored(client, clock, adviser, service, name, answer, stored):
    question = _ask(service, name, required=True)
    booked = _book(client, service, {question: answer})
    assert booked.status_code == 201, booked.json()
    assert Booking.objects.get().answers == {question: stored}


@pytest.mark.parametrize(
    ("name", "answer", "message"),
    [
        ("choice", "Berlin", "One of the offered choices."),
        ("choice", ["Ulm"], "One of the offered choices."),
        ("multiple_choice", "Salary", "A list of the offered choices."),
        ("multiple_choice", ["Salary", "Lottery"], "A list of the offered choices."),
        ("text", 42, "Text of at most 2000 characters."),
        ("text", "x" * 2001, "Text of at most 2000 characters."),
        ("number", "2025", "A number."),
        ("number", True, "A number."),
        ("number", 1999, "A number from 2000.0 to 2030.0."),
        ("number", 2031, "A number from 2000.0 to 2030.0."),
        ("date", "20.05.2026", "A date as YYYY-MM-DD."),
        ("date", 20260520, "A date as YYYY-MM-DD."),
        ("yes_no", "yes", "true or false."),
        ("yes_no", 1, "true or false."),
    ],
)
def test_an_answer_of_the_wrong_kind_is_refused(
    client, clock, adviser, service, name, answer, message
):
    question = _ask(service, name)
    refused = _book(client, service, {question: answer})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {f"answers.{question}": [message]}
    assert not Booking.objects.exists()


@pytest.mark.parametrize("blank", [None, "", []])
def test_a_required_question_needs_an_answer(client, clock, adviser, service, blank):
    question = _ask(service, "text", required=True)
    refused = _book(client, service, {question: blank})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {
        f"answers.{question}": ["This question needs an answer."]
    }


def test_an_optional_question_may_stay_unanswered(client, clock, adviser, service):
    _ask(service, "multiple_choice")
    assert _book(client, service, {}).status_code == 201
    assert Booking.objects.get().answers == {}


def test_an_answer_to_a_question_the_service_does_not_ask_is_refused(
    client, clock, adviser, service
):
    _ask(service, "yes_no")
    refused = _book(client, service, {"not-a-question": True})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {
        "answers.not-a-question": ["Not a question of this service."]
    }


def test_the_service_describes_its_questions(client, adviser, service):
    question = _ask(service, "number", required=True)
    services = client.get("/api/v1/booking/services/?site=localhost").json()["services"]
    (described,) = [s for s in services if s["id"] == service.pk]
    assert described["questions"] == [
        {
            "id": question,
            "type": "number",
            "label": "Tax year",
            "help_text": "As on the letter.",
            "required": True,
            "choices": [],
            "min": 2000.0,
            "max": 2030.0,
        }
    ]


def test_answers_that_are_not_keyed_by_question_are_refused(client, clock, adviser, service):
    _ask(service, "yes_no")
    refused = _book(client, service, [True])
    assert refused.status_code == 422
    assert "answers" in refused.json()["error"]["fields"]
    assert not Booking.objects.exists()


@pytest.mark.parametrize("saved", [{"help_text": None}, {}])
def test_a_question_without_help_text_describes_it_as_empty_text(client, adviser, service, saved):
    # The contract promises a string: a frontend shows it without a check.
    service.intake = [("yes_no", {"label": "First visit?", **saved})]
    service.save()
    services = client.get("/api/v1/booking/services/?site=localhost").json()["services"]
    (described,) = [s for s in services if s["id"] == service.pk]
    assert described["questions"][0]["help_text"] == ""
