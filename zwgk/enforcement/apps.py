"""行政执法公示 (谁执法谁公示): duties, bases, standards, procedures,
supervision channels and results.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "zwgk.enforcement"
    label = "enforcement"
    verbose_name = _("Law-enforcement disclosure")

    def ready(self) -> None:
        from zwgk.core import deadlines
        from zwgk.supervision import problems
        from zwgk.workspace import inbox, nav

        from .deadlines import recompute_due_dates
        from .inbox import decision_items
        from .permissions import can_use
        from .selectors import late_results

        deadlines.register("enforcement.publish_due", recompute_due_dates)
        problems.register("enforcement.late_result", late_results)
        inbox.register(decision_items)
        nav.register(
            nav.NavEntry(
                _("Law-enforcement disclosure"), "enforcement:decision_list", can_use, order=60
            )
        )
