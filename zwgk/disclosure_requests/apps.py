from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureRequestsConfig(AppConfig):
    name = "zwgk.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = _("Disclosure on request")

    def ready(self) -> None:
        from django.core import checks

        from zwgk.core import crypto, deadlines, periodic
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.workspace import inbox, nav

        from .deadlines import recompute_due_dates
        from .inbox import request_items
        from .reminders import send_deadline_reminders

        checks.register(crypto.check_keys, "security")
        deadlines.register("disclosure_requests.due_dates", recompute_due_dates)
        periodic.register(
            "disclosure_requests.reminders",
            every=timedelta(hours=1),
            fn=lambda at: send_deadline_reminders(at=at),
        )
        inbox.register(request_items)

        from zwgk.supervision import problems

        from .problems import late_replies

        problems.register("disclosure_requests.late_reply", late_replies)
        nav.register(
            nav.NavEntry(
                _("Applications for disclosure"),
                "disclosure_requests:list",
                is_staff_member,
                order=20,
            )
        )
        nav.register(
            nav.NavEntry(
                _("Annual report tables"),
                "disclosure_reports:foi",
                is_staff_member,
                order=21,
            )
        )
