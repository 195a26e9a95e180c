"""Labels of the supervision app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "supervision.annual_report.started": _("Annual report started"),
        "supervision.annual_report.updated": _("Annual report edited"),
        "supervision.annual_report.redrafted": _("Annual report overview redrafted from the data"),
        "supervision.annual_report.submitted": _("Annual report submitted for review"),
        "supervision.annual_report.exported": _("Annual report exported"),
        "supervision.spot_check.drawn": _("Spot-check sample drawn"),
        "supervision.spot_check.checked": _("Spot-check result recorded"),
        "supervision.assessment.started": _("Assessment started"),
        "supervision.assessment.recomputed": _("Assessment scores recomputed"),
        "supervision.assessment.scored": _("Assessment score entered"),
        "supervision.assessment.published": _("Assessment ranking published"),
        "supervision.dashboard.exported": _("Supervision dashboard exported"),
        "supervision.bulletin.drafted": _("Circular drafted from the problem registry"),
        "supervision.bulletin.updated": _("Circular edited"),
        "supervision.bulletin.item_updated": _("Circular item edited"),
        "supervision.bulletin.submitted": _("Circular submitted for review"),
        "supervision.bulletin.returned": _("Circular returned"),
        "supervision.bulletin.issued": _("Circular issued"),
        "supervision.bulletin.responded": _("Rectification reported on a circular item"),
        "supervision.bulletin.marked_public": _("Circular marked for public release"),
        "supervision.bulletin.marked_internal": _("Circular marked as internal only"),
        "supervision.bulletin.sent_for_publication": _(
            "Circular sent to the document register for publication on the portal"
        ),
        "supervision.bulletin.withdrawn_from_portal": _("Circular withdrawn from the portal"),
    }
)
