from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "zwgk.workspace"
    label = "workspace"
    verbose_name = _("Staff workspace")

    def ready(self) -> None:
        # Connects the login-time stamp of the absolute session lifetime (user_logged_in) at
        # start-up, not on the first request that happens to import the middleware.
        from . import (
            inbox,
            middleware,  # noqa: F401
            providers,
        )

        inbox.register(providers.contact_block_alerts)
