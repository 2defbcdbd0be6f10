"""One guard for every admin view that names a page or a site-owned object.

Wagtail limits what an editor may *change* by page permissions, but several
views still *show* a page of another site to anyone with admin access (move
confirmations, chooser browsing, the explorer of an ancestor). Instead of
overriding each view, this refuses any admin URL that names a page outside
the editor's sites, bulk actions on another site's items, wagtail-localize's
views of another site's translations, and the cross-site reports Wagtail
and wagtail-localize have no filter for.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation, TranslationSource

from .permissions import pages_for_user, sites_for_user
from .site_owned import is_site_owned, site_owned_model_at

# URL parameters that carry a page id, for the routes that take them.
PAGE_PARAMETERS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
PAGE_ROUTES = ("admin/pages/", "admin/choose-page/", "admin/api/main/pages/")
# Reports that count or list pages of every site and cannot be narrowed to one.
ALL_SITES_VIEWS = {
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
}


class SiteIsolationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or not user.is_authenticated or user.is_superuser or match is None:
            return None
        if not match.route.startswith("admin/"):
            return None
        if match.view_name in ALL_SITES_VIEWS:
            raise PermissionDenied
        page_ids = [view_kwargs[name] for name in PAGE_PARAMETERS if name in view_kwargs]
        if match.route.startswith(PAGE_ROUTES) and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        page_ids += (
            [arg for arg in view_args if isinstance(arg, int)]
            if match.route.startswith(PAGE_ROUTES)
            else []
        )
        if page_ids and not _all_visible(user, page_ids):
            raise Http404
        self._check_site_owned(match.route, view_kwargs, user)
        self._check_model_object(view_kwargs, user)
        self._check_translated_object(view_kwargs, user)
        if match.route.startswith("admin/bulk/"):
            self._check_bulk_items(request, view_kwargs, user)
        return None

    def _check_bulk_items(self, request, view_kwargs: dict, user) -> None:
        """Bulk actions list the chosen items by title, also those the user may
        not act on; every item must be one of the user's sites."""
        ids = request.GET.getlist("id") + request.POST.getlist("id")
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
            if "all" in ids:
                # "All" means every child of a page, or every object of the model.
                parent = request.GET.get("childOf") or request.POST.get("childOf")
                if not (issubclass(model, Page) and parent):
                    raise Http404
                ids = {int(parent)}
            else:
                ids = {int(i) for i in ids}
        except (LookupError, KeyError, ValueError) as error:
            raise Http404 from error
        if not ids:
            return
        if issubclass(model, Page):
            visible = pages_for_user(user)
        elif is_site_owned(model):
            visible = model.objects.filter(site__in=sites_for_user(user))
        else:
            visible = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
                user, ["change", "choose"]
            )
        if visible.filter(pk__in=ids).count() != len(ids):
            raise Http404

    def _check_site_owned(self, route: str, view_kwargs: dict, user) -> None:
        object_id = view_kwargs.get("pk") or view_kwargs.get("object_id")
        if object_id is None:
            return
        model = site_owned_model_at(route)
        if model is not None and not _on_users_site(user, model, object_id):
            raise Http404

    def _check_model_object(self, view_kwargs: dict, user) -> None:
        """Views that name a model and an object (wagtail-localize's snippet
        translation and snippet API) get the same check as the snippet's own views."""
        object_id = view_kwargs.get("pk") or view_kwargs.get("object_id")
        if object_id is None or "app_label" not in view_kwargs or "model_name" not in view_kwargs:
            return
        try:
            model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        except LookupError:
            return
        if is_site_owned(model) and not _on_users_site(user, model, object_id):
            raise Http404

    def _check_translated_object(self, view_kwargs: dict, user) -> None:
        """wagtail-localize's translation editor, sync, preview and PO file views name
        a translation or its source; the page or snippet behind it must be the user's.
        They check edit rights only against model permissions for snippets."""
        sources = []
        if "translation_id" in view_kwargs:
            sources += [
                translation.source
                for translation in Translation.objects.filter(
                    pk=view_kwargs["translation_id"]
                ).select_related("source")
            ]
        if "translation_source_id" in view_kwargs:
            sources += TranslationSource.objects.filter(pk=view_kwargs["translation_source_id"])
        for source in sources:
            try:
                instance = source.get_source_instance()
            except ObjectDoesNotExist:
                continue
            if isinstance(instance, Page):
                visible = pages_for_user(user).filter(pk=instance.pk).exists()
            elif is_site_owned(type(instance)):
                visible = _on_users_site(user, type(instance), instance.pk)
            else:
                visible = True  # a translatable model that belongs to no site
            if not visible:
                raise Http404


def _all_visible(user, page_ids: list) -> bool:
    """Every page named is one of the user's sites, or the tree root: an editor
    of a site in several languages has a home page per language, and Wagtail's
    explorer and chooser start from their common parent, listing only the
    editor's pages there. Asked only of URLs that name a page: the user's pages
    cost two queries."""
    visible_pages = pages_for_user(user) | Page.objects.filter(depth=1)
    return visible_pages.filter(pk__in=page_ids).count() == len(set(page_ids))


def _on_users_site(user, model, object_id) -> bool:
    try:
        return model.objects.filter(pk=object_id, site__in=sites_for_user(user)).exists()
    except (ValueError, TypeError):  # not an id of this model at all
        return False
