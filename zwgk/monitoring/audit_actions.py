"""Labels of the monitoring app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "monitoring.rectification.opened": _("Rectification work order opened"),
        "monitoring.rectification.answered": _("Rectification work order answered"),
        "monitoring.rectification.reopened": _("Rectification sent back after a re-check"),
        "monitoring.rectification.closed": _("Rectification work order closed"),
        "monitoring.indicator.updated": _("Inspection indicator edited"),
        "monitoring.website.registered": _("Website registered for monitoring"),
        "monitoring.column.confirmed": _("Website column confirmed"),
        "monitoring.run.stopped": _("Website check stopped"),
        "monitoring.run.resumed": _("Website check resumed"),
    }
)
