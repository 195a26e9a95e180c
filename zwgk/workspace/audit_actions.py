"""Labels of the staff-login audit codes: second factor, lockout, session expiry, password
change (recorded by zwgk/workspace and zwgk/orgs/lockout.py; autodiscovered by core)."""

from django.utils.translation import gettext_lazy as _

from zwgk.core import audit_labels

audit_labels.register(
    {
        "auth.otp.enrolled": _("Second factor enrolled"),
        "auth.otp.verified": _("Second factor verified"),
        "auth.otp.failed": _("Second factor code refused"),
        "auth.otp.demo_code_shown": _("Demo second-factor code shown on the command line"),
        "auth.lockout": _("Account locked after failed logins"),
        "auth.login.refused_locked": _("Login refused: account locked"),
        "auth.session.expired": _("Session ended: absolute lifetime reached"),
        "auth.password.changed": _("Password changed"),
    }
)
