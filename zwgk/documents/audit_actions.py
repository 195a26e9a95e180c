"""Labels of the documents app's audit action codes (shown by the audit viewer).

Found by zwgk.core's autodiscovery of `<app>.audit_actions` modules; codes are recorded by
services.py, attachments.py, normative.py and importer.py.
"""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "documents.document.registered": _("Document registered"),
        "documents.document.updated": _("Document edited"),
        "documents.document.imported": _("Document imported"),
        "documents.catalogue.imported": _("Document catalogue imported"),
        "documents.document.submitted": _("Document submitted for review"),
        "documents.document.approved": _("Review passed"),
        "documents.document.returned": _("Document returned"),
        "documents.document.auto_returned": _("Document returned automatically"),
        "documents.document.scheduled": _("Publication scheduled"),
        "documents.document.published": _("Document published"),
        "documents.document.withdrawn": _("Document withdrawn"),
        "documents.attachment.added": _("Attachment added"),
        "documents.attachment.removed": _("Attachment removed"),
        "documents.finding.overridden": _("Blocking finding released with a reason"),
        "documents.normative.set": _("Normative document recorded"),
        "documents.normative.filed": _("Normative document filed for the record"),
        "documents.normative.validity_changed": _("Normative document validity changed"),
        "documents.normative.renewed": _("Normative document renewed"),
        "documents.normative.expired": _("Normative document expired"),
        "documents.cleanup.started": _("Normative documents clean-up started"),
        "documents.cleanup.decided": _("Clean-up decision recorded"),
    }
)
