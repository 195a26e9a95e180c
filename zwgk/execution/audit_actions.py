"""Labels of the execution app's audit action codes (recorded by services.py)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "execution.task.assigned": _("Execution task created and assigned"),
        "execution.task.updated": _("Execution task changed"),
        "execution.task.closed": _("Execution task closed"),
        "execution.report.submitted": _("Progress report submitted"),
        "execution.report.corrected": _("Progress report corrected"),
        "execution.report.flagged_overdue": _("Progress report flagged overdue"),
        "execution.summary.published": _("Summary table published"),
        "execution.summary.withdrawn": _("Summary table withdrawn"),
    }
)
