"""政策直通车: the one-stop library of 利企便民 policies, subscriptions and pushes."""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "zwgk.policies"
    label = "policies"
    verbose_name = _("Policy express")

    def ready(self) -> None:
        from zwgk.core import periodic
        from zwgk.supervision import problems
        from zwgk.workspace import inbox, nav

        from . import push, services
        from .inbox import policy_items
        from .permissions import can_use_library, can_view_statistics
        from .problems import failed_pushes

        periodic.register(
            "policies.expire",
            every=timedelta(hours=1),
            fn=lambda at: services.expire_policies(at=at),
        )
        periodic.register(
            "policies.retry_deliveries",
            every=timedelta(minutes=5),
            fn=lambda at: push.retry_due(at=at),
        )
        periodic.register(
            "policies.purge_unconfirmed",
            every=timedelta(hours=6),
            fn=lambda at: services.purge_unconfirmed(at=at),
        )
        inbox.register(policy_items)
        problems.register("policies.failed_pushes", failed_pushes)
        nav.register(nav.NavEntry(_("Policy express"), "policies:list", can_use_library, order=45))
        nav.register(
            nav.NavEntry(
                _("Policy subscriptions"), "policies:statistics", can_view_statistics, order=46
            )
        )
