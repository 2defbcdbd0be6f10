from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import sites_for_user


class SiteOwnedForm(WagtailAdminModelForm):
    """The site field offers only the sites the editor works on."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "site" in self.fields:
            self.fields["site"].queryset = sites_for_user(for_user)
