from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zwgk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core import checks

        from . import audit_labels, auth_events, retention

        checks.register(retention.check_retention, checks.Tags.security)
        from . import sqlite_policy

        checks.register(sqlite_policy.check_sqlite_version, checks.Tags.database, deploy=True)

        auth_events.connect()
        audit_labels.register(
            {
                auth_events.LOGIN_SUCCEEDED: _("Logged in"),
                auth_events.LOGIN_FAILED: _("Login failed"),
                auth_events.LOGOUT: _("Logged out"),
                "core.audit.exported": _("Audit log exported"),
            }
        )
        audit_labels.autodiscover()
        # Working-day calendar (calendar_services.py, deadlines.py).
        audit_labels.register(
            {
                "core.holiday_year.imported": _("Holiday arrangement imported"),
                "core.deadlines.recomputed": _("Deadlines recomputed after a calendar change"),
            }
        )
