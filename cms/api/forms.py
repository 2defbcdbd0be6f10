"""Form pages over the API: their field definitions, and submissions validated
exactly as the page's own form would, stored and e-mailed."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import QueryDict

from .errors import ApiError

# A field that people never see and bots fill in; a submission that has it
# is accepted silently and thrown away.
HONEYPOT_FIELD = "website_url"


def form_definition(page) -> dict:
    fields = []
    for field in page.form_fields.all():
        fields.append(
            {
                "name": field.clean_name,
                "label": field.label,
                "type": field.field_type,
                "required": field.required,
                "choices": [c.strip() for c in field.choices.splitlines() if c.strip()]
                if field.choices
                else [],
                "default": field.default_value,
                "help_text": field.help_text,
            }
        )
    return {"fields": fields, "honeypot_field": HONEYPOT_FIELD}


def _as_querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            query[name] = "on" if value else ""
        elif value is not None:
            query[name] = str(value)
    return query


def _rate_key(*, page_id: int, client: str) -> str:
    return f"delivery-api:form-rate:{page_id}:{client}"


def _refuse_if_over_limit(*, page_id: int, client: str) -> None:
    limit, _window = settings.DELIVERY_API_FORM_RATE_LIMIT
    if cache.get(_rate_key(page_id=page_id, client=client), 0) >= limit:
        raise ApiError(
            429, "rate_limited", "Too many submissions from your address; try again later."
        )


def _count_submission(*, page_id: int, client: str) -> None:
    # Only submissions that were taken count: a visitor correcting a typo
    # five times is not a spammer.
    _limit, window = settings.DELIVERY_API_FORM_RATE_LIMIT
    key = _rate_key(page_id=page_id, client=client)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)


def form_submission_create(*, page, data: dict, client: str) -> bool:
    """Validates and stores a submission and e-mails it. Returns False for a bot
    caught by the honeypot (nothing stored), raises ApiError for invalid data."""
    _refuse_if_over_limit(page_id=page.pk, client=client)
    if data.get(HONEYPOT_FIELD):
        _count_submission(page_id=page.pk, client=client)
        return False
    form = page.get_form(_as_querydict(data), page=page, user=AnonymousUser())
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid_submission",
            "Some fields need attention.",
            fields={name: [str(e) for e in errors] for name, errors in form.errors.items()},
        )
    page.process_form_submission(form)
    _count_submission(page_id=page.pk, client=client)
    return True
