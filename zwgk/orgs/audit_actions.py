"""Labels of the audit codes of the administrator duties (三员分立, zwgk/orgs/duties.py)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "orgs.user.duty_granted": _("Administrator duty granted"),
        "orgs.user.duty_revoked": _("Administrator duty revoked"),
    }
)
