from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zwgk.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from zwgk.orgs.permissions import can_manage_site
        from zwgk.workspace import nav

        nav.register(
            nav.NavEntry(
                label=_("Website settings"),
                url_name="portal_staff:site_profile",
                allowed=can_manage_site,
                order=900,
            )
        )
