"""7×24 monitoring of websites: registry of sites and columns, the crawler, checks, scoring
and rectification.
"""

from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "zwgk.monitoring"
    label = "monitoring"
    verbose_name = _("Website monitoring")

    def ready(self) -> None:
        from zwgk.core import periodic
        from zwgk.supervision import problems, spotchecks
        from zwgk.workspace import inbox, nav

        from .inbox import monitoring_items
        from .permissions import can_view_monitoring
        from .problems import veto_problems
        from .spotcheck_population import monitored_sites
        from .tasks import queue_crawls, queue_probes

        # Hourly probes: 24 a day, above the "每天间隔性访问20次以上" of rules.md §4.2.
        periodic.register("monitoring.probes", every=timedelta(hours=1), fn=queue_probes)
        periodic.register("monitoring.crawls", every=timedelta(hours=1), fn=queue_crawls)
        problems.register("monitoring.veto", veto_problems)
        spotchecks.register_population("sites", monitored_sites)
        inbox.register(monitoring_items)
        nav.register(
            nav.NavEntry(
                _("Website monitoring"), "monitoring:site_list", can_view_monitoring, order=55
            )
        )
