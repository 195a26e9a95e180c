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
        nav.register(
            nav.NavEntry(_("Openness dashboard"), "supervision:dashboard", is_supervisor, order=69)
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
