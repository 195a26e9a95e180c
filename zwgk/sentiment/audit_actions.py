"""Labels of the sentiment app's audit action codes (shown by the audit viewer)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "sentiment.case.opened": _("Public-opinion case collected"),
        "sentiment.case.reassigned": _("Public-opinion case: responsible unit changed"),
        "sentiment.case.invited": _("Public-opinion case: units invited to consult"),
        "sentiment.case.opinion": _("Public-opinion case: opinion given"),
        "sentiment.case.assessed": _("Public-opinion case assessed"),
        "sentiment.case.responded": _("Public-opinion case: response recorded"),
        "sentiment.case.evaluated": _("Public-opinion case evaluated"),
        "sentiment.case.alerted": _("Public-opinion case: timer alert sent"),
        "sentiment.case.plan_linked": _("Public-opinion case: risk plan linked"),
        "sentiment.plan.saved": _("Risk assessment and response plan saved"),
    }
)
