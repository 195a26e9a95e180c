"""Labels of the newmedia app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "newmedia.account.applied": _("New-media account: opening applied for"),
        "newmedia.account.maintainer_changed": _("New-media account: maintainer changed"),
        "newmedia.account.imported": _("New-media account imported"),
        "newmedia.accounts.imported": _("New-media account list imported"),
        "newmedia.account.personal_data_viewed": _("New-media account: personal data viewed"),
        "newmedia.filing.open_submitted": _("New-media filing: opening submitted"),
        "newmedia.filing.change_submitted": _("New-media filing: change submitted"),
        "newmedia.filing.close_submitted": _("New-media filing: closure submitted"),
        "newmedia.filing.cancel_submitted": _("New-media filing: cancellation submitted"),
        "newmedia.filing.head_agreed": _("New-media filing: agreed by the unit head"),
        "newmedia.filing.approved": _("New-media filing: filed by the district office"),
        "newmedia.filing.returned": _("New-media filing: returned"),
        "newmedia.exception.approved": _("New-media exception approved"),
        "newmedia.source.saved": _("New-media activity source saved"),
        "newmedia.posts.uploaded": _("New-media posts uploaded"),
        "newmedia.filing_form.exported": _("New-media filing form exported"),
    }
)
