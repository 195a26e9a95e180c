"""Labels of the enforcement app's audit action codes (recorded by services.py)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "enforcement.info.published": _("Enforcement information version published"),
        "enforcement.decision.recorded": _("Enforcement decision recorded"),
        "enforcement.decision.updated": _("Enforcement decision changed"),
        "enforcement.decision.published": _("Enforcement result made public"),
        "enforcement.decision.withdrawn": _("Enforcement result withdrawn"),
    }
)
