"""Labels of the audit codes recorded by the parts of 依申请公开 built on the application core:
letters (letters/services.py), the import of old ledgers (importer.py) and the report exports
(reports_views.py). Found by zwgk.core's autodiscovery of `<app>.audit_actions` modules."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "disclosure_requests.letter.issued": _("Letter or notice issued"),
        "disclosure_requests.letter.downloaded": _("Letter or notice downloaded"),
        "disclosure_requests.ledger.imported": _("Ledger of applications imported"),
        "disclosure_requests.request.imported": _("Application imported from a ledger"),
        "disclosure_requests.appeals.imported": _(
            "Ledger of reconsiderations and lawsuits imported"
        ),
        "disclosure_requests.appeal.imported": _(
            "Reconsideration or lawsuit imported from a ledger"
        ),
        "disclosure_requests.report.exported": _("Annual-report tables 3 and 4 exported"),
    }
)
