"""Labels of the keyarea app's audit action codes (shown by the audit viewer); recorded by
services.py."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "keyarea.anchor.recorded": _("Key-area due-date event recorded"),
    }
)
