"""Supervision: the statutory annual report, 通报, spot checks, assessment and dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "zwgk.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from zwgk.orgs.permissions import is_staff_member, is_supervisor
        from zwgk.workspace import inbox, nav

        from .inbox import annual_report_items, bulletin_items

        inbox.register(annual_report_items)
        inbox.register(bulletin_items)

        from . import problems, spotchecks

        problems.register("supervision.spot_check", spotchecks.problems_from_spot_checks)
        nav.register(
            nav.NavEntry(_("Openness dashboard"), "supervision:dashboard", is_supervisor, order=69)
        )
        nav.register(
            nav.NavEntry(
                _("My unit's openness figures"),
                "supervision:my_dashboard",
                lambda user: is_staff_member(user) and not is_supervisor(user),
                order=69,
            )
        )
        nav.register(
            nav.NavEntry(
                _("Annual reports on government information disclosure"),
                "supervision:annual_list",
                is_staff_member,
                order=70,
            )
        )
        nav.register(
            nav.NavEntry(
                _("Circulars (通报)"), "supervision:bulletin_list", is_staff_member, order=71
            )
        )
        nav.register(
            nav.NavEntry(_("Spot checks"), "supervision:spot_check_list", is_supervisor, order=72)
        )
        nav.register(
            nav.NavEntry(
                _("Assessment of the units"),
                "supervision:assessment_list",
                is_staff_member,
                order=73,
            )
        )
