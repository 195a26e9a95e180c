"""政务新媒体 registry: accounts, open/change/close workflow with filing, activity ingestion and
account rules.
"""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    name = "zwgk.newmedia"
    label = "newmedia"
    verbose_name = _("Government new media")

    def ready(self) -> None:
        from zwgk.core import periodic
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.supervision import problems, spotchecks
        from zwgk.workspace import inbox, nav

        from .inbox import account_items
        from .monitor import evaluate_all
        from .problems import veto_problems
        from .spotcheck_population import open_accounts
        from .tasks import enqueue_due_sources

        periodic.register(
            "newmedia.ingest", every=timedelta(hours=1), fn=lambda at: enqueue_due_sources(at)
        )
        periodic.register(
            "newmedia.rules", every=timedelta(hours=1), fn=lambda at: evaluate_all(at=at)
        )
        problems.register("newmedia.veto", veto_problems)
        spotchecks.register_population("accounts", open_accounts)
        inbox.register(account_items)
        nav.register(
            nav.NavEntry(_("Government new media"), "newmedia:list", is_staff_member, order=50)
        )
