"""舆情: cases from collection to 会商, 研判, 回应 and 评估, with the response timers."""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SentimentConfig(AppConfig):
    name = "zwgk.sentiment"
    label = "sentiment"
    verbose_name = _("Public opinion")

    def ready(self) -> None:
        from zwgk.core import periodic
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.supervision import problems
        from zwgk.workspace import inbox, nav

        from .inbox import case_items
        from .selectors import late_response_problems
        from .services import send_timer_alerts

        periodic.register(
            "sentiment.timer_alerts",
            every=timedelta(minutes=10),
            fn=lambda at: send_timer_alerts(at=at),
        )
        problems.register("sentiment.late_response", late_response_problems)
        inbox.register(case_items)
        nav.register(nav.NavEntry(_("Public opinion"), "sentiment:list", is_staff_member, order=41))
