from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zwgk.orgs"
    label = "orgs"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from zwgk.core import policy

        from . import permissions

        policy.register(policy.VIEW_AUDIT, permissions.can_view_audit)
        policy.register(policy.MANAGE_CALENDAR, permissions.can_manage_calendar)
