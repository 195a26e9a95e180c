"""重大决策预公开 (consultations), hearings and 会议公开."""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "zwgk.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self) -> None:
        from zwgk.core import periodic
        from zwgk.orgs.permissions import is_staff_member
        from zwgk.supervision import problems
        from zwgk.workspace import inbox, nav

        from .inbox import participation_items
        from .problems import unanswered_problems
        from .services import open_and_close_due

        periodic.register(
            "participation.consultation_clock",
            every=timedelta(minutes=10),
            fn=lambda at: open_and_close_due(at=at),
        )
        problems.register("participation.unanswered", unanswered_problems)
        inbox.register(participation_items)
        nav.register(
            nav.NavEntry(
                _("Consultations on major decisions"),
                "participation:list",
                is_staff_member,
                order=40,
            )
        )
        nav.register(
            nav.NavEntry(
                _("Open meetings"), "participation:meeting_list", is_staff_member, order=41
            )
        )
