from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import sites_for_user


class SiteOwnedForm(WagtailAdminModelForm):
    """The site field offers only the sites the editor works on."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        sites = sites_for_user(for_user)
        if "site" in self.fields:
            self.fields["site"].queryset = sites
        # Choices of other site-owned objects (an adviser's services, the
        # adviser of a blocked time) come from the editor's sites only.
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and _has_site(queryset.model):
                field.queryset = queryset.filter(site__in=sites)


def _has_site(model) -> bool:
    return any(
        field.name == "site"
        and getattr(field.related_model, "_meta", None)
        and field.related_model._meta.label == "wagtailcore.Site"
        for field in model._meta.get_fields()
    )
