"""The dashboard panel: superusers see the last backup and the last drill."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .models import BackupSchedule
from .runs import last_runs


class BackupPanel(Component):
    name = "backups"
    template_name = "backups/panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        runs = last_runs()
        context.update(
            backup=runs["backup"],
            drill=runs["drill"],
            schedule=BackupSchedule.objects.filter(pk=1).first(),
        )
        return context


@hooks.register("construct_homepage_panels")
def backup_panel(request, panels):
    if request.user.is_superuser:
        panels.append(BackupPanel())
