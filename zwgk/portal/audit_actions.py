"""Labels of the portal app's audit action codes (shown by the audit viewer).

Found by zwgk.core's autodiscovery of `<app>.audit_actions` modules; codes are recorded by
services.py.
"""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "portal.site_profile.created": _("Website profile created"),
        "portal.site_profile.updated": _("Website profile changed"),
    }
)
