"""Labels of the disclosure_requests app's audit action codes (shown by the audit viewer).

Found by zwgk.core's autodiscovery of `<app>.audit_actions` modules; codes are recorded by
services.py (`disclosure_requests.request.<verb>` through `_save`, and the literal codes) and
reminders.py.
"""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "disclosure_requests.request.registered": _("Application registered"),
        "disclosure_requests.request.submitted_online": _("Application submitted online"),
        "disclosure_requests.request.confirmed": _("Receipt of the application confirmed"),
        "disclosure_requests.request.contact_failed": _("Applicant could not be reached"),
        "disclosure_requests.request.claimed": _("Application claimed"),
        "disclosure_requests.request.correction_requested": _("Correction requested"),
        "disclosure_requests.request.correction_received": _("Correction received"),
        "disclosure_requests.request.correction_lapsed": _("Correction period lapsed"),
        "disclosure_requests.request.consultation_sent": _("Consultation sent"),
        "disclosure_requests.request.consultation_answered": _("Consultation answered"),
        "disclosure_requests.request.extended": _("Reply period extended"),
        "disclosure_requests.request.reasons_requested": _("Reasons requested (art. 35)"),
        "disclosure_requests.request.reasons_accepted": _("Reasons accepted (art. 35)"),
        "disclosure_requests.request.fee_notified": _("Fee notice sent"),
        "disclosure_requests.request.fee_paid": _("Fee payment recorded"),
        "disclosure_requests.request.fee_lapsed": _("Fee not paid in time"),
        "disclosure_requests.request.transferred": _("Application transferred"),
        "disclosure_requests.request.replied": _("Reply recorded"),
        "disclosure_requests.request.withdrawn": _("Application withdrawn"),
        "disclosure_requests.request.delivered": _("Delivery recorded"),
        "disclosure_requests.request.personal_data_viewed": _("Personal data viewed in full"),
        "disclosure_requests.request.reminded": _("Deadline reminder sent"),
        "disclosure_requests.request.escalated": _("Overdue application escalated"),
        "disclosure_requests.assistance.requested": _("Assistance requested"),
        "disclosure_requests.assistance.answered": _("Assistance answered"),
        "disclosure_requests.file.added": _("File added to an application"),
        "disclosure_requests.appeal.recorded": _("Reconsideration or litigation recorded"),
        "disclosure_requests.appeal.updated": _("Reconsideration or litigation updated"),
    }
)
