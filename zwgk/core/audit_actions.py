"""Labels of audit codes recorded by core modules that register nothing in CoreConfig.ready()
(autodiscovered like every app's `audit_actions`)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {"core.crypto.rotated": _("Encrypted fields re-encrypted with the current key")}
)

audit_labels.register(
    {
        "core.backup.created": _("Database backup written"),
        "core.backup.restored": _("Database restored from a backup"),
    }
)
