from django.contrib.auth.models import Group
from wagtail.admin.views.page_privacy import SetPrivacyView


class SiteGroupsPrivacyView(SetPrivacyView):
    """Page privacy that offers only the groups working on the page's tree.

    Wagtail offers every group of the installation, which would show one
    client the names of all the others.
    """

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        ancestor_paths = [self.page.path[:end] for end in range(4, len(self.page.path) + 1, 4)]
        form.fields["groups"].queryset = Group.objects.filter(
            page_permissions__page__path__in=ancestor_paths
        ).distinct()
        return form
