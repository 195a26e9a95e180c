from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "zwgk.workspace"
    label = "workspace"
    verbose_name = _("Staff workspace")

    def ready(self) -> None:
        from . import inbox, providers

        inbox.register(providers.contact_block_alerts)
