"""The models whose objects belong to one site (they have a `site` field), and the
admin URL prefix of each. SiteOwnedSnippetViewSet registers its model when Wagtail
mounts it; the isolation middleware asks before letting a URL name an object."""

from django.db.models import Model

_models_by_route: dict[str, type[Model]] = {}


def site_owned_model_register(*, route_prefix: str, model: type[Model]) -> None:
    _models_by_route[route_prefix] = model


def site_owned_model_at(route: str) -> type[Model] | None:
    """The site-owned model whose admin views the route belongs to, if any."""
    for prefix, model in _models_by_route.items():
        if route.startswith(prefix):
            return model
    return None


def is_site_owned(model: type[Model]) -> bool:
    return model in _models_by_route.values()
