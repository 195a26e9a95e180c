"""Labels of the participation app's audit action codes (recorded by services.py)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "participation.consultation.created": _("Consultation drafted"),
        "participation.consultation.updated": _("Consultation draft changed"),
        "participation.consultation.submitted": _("Consultation submitted for approval"),
        "participation.consultation.returned": _("Consultation returned for changes"),
        "participation.consultation.approved": _("Consultation approved"),
        "participation.consultation.opened": _("Comment period opened"),
        "participation.consultation.closed": _("Comment period closed"),
        "participation.consultation.results_published": _("Adoption results published"),
        "participation.file.added": _("File added to a consultation"),
        "participation.comment.received": _("Comment received online"),
        "participation.comment.recorded": _("Comment entered by staff"),
        "participation.comment.released": _("Comment released for publication"),
        "participation.comment.held": _("Comment held back from publication"),
        "participation.comment.answered": _("Comment answered"),
        "participation.comment.escalated": _("Comment escalated as a public-opinion case"),
        "participation.comment.grouped": _("Similar comments grouped"),
        "participation.group.answered": _("Group of comments answered"),
        "participation.group.dissolved": _("Group of comments dissolved"),
        "participation.hearing.planned": _("Hearing planned"),
        "participation.hearing.updated": _("Hearing changed"),
        "participation.hearing.notice_published": _("Hearing notice published"),
        "participation.hearing.record_attached": _("Signed hearing record attached"),
        "participation.meeting.created": _("Open meeting registered"),
        "participation.meeting.updated": _("Open meeting changed"),
        "participation.meeting.invited": _("Invitation to an open meeting"),
        "participation.meeting.announced": _("Open meeting announced"),
        "participation.meeting.registered": _("Public registration for a meeting"),
        "participation.meeting.held": _("Open meeting held"),
        "participation.meeting.outcome_published": _("Meeting outcome published"),
        "participation.meeting.file_added": _("File added to an open meeting"),
    }
)
