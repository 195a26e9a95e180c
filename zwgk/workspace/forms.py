from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zwgk.core import ratelimit
from zwgk.core.middleware import client_ip
from zwgk.orgs import lockout
from zwgk.orgs.models import Unit, User
from zwgk.orgs.services import CONTACT_FIELDS

LOGIN_IP_SCOPE = "staff-login-ip"


class LoginForm(AuthenticationForm):
    """Password step of the staff login. Unknown user, wrong password, disabled and locked
    accounts all get the same message after the same work (the password hasher runs in every
    case); failures count towards the account lockout and the per-address throttle."""

    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("The username or password is not correct."),
        "throttled": _(
            "Too many failed logins from this address. Try again in %(minutes)d minutes."
        ),
    }

    def _ip_rate(self) -> ratelimit.Rate:
        return ratelimit.Rate.parse(getattr(settings, "ZWGK_LOGIN_IP_RATE", "30/900"))

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        ip = (client_ip(self.request) if self.request is not None else None) or "-"
        verdict = ratelimit.check(LOGIN_IP_SCOPE, ip, self._ip_rate())
        if not verdict.allowed:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": verdict.retry_minutes},
            )
        now = timezone.now()
        account = User.objects.filter(username__iexact=username).first()
        if account is not None and lockout.is_locked(account, at=now):
            User().set_password(password)  # same work as a real check
            self._fail(account, username, now, counted=False)
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            self._fail(account, username, now, counted=True)
        self.confirm_login_allowed(self.user_cache)
        lockout.register_success(user=self.user_cache)
        return self.cleaned_data

    def _fail(self, account: User | None, username: str, now: Any, *, counted: bool) -> None:
        ratelimit.hit(LOGIN_IP_SCOPE, client_ip(self.request) or "-", self._ip_rate())
        if account is not None and counted:
            lockout.register_failure(user=account, at=now)
        elif account is not None:
            from zwgk.core import audit

            audit.record(
                action=lockout.REFUSED_LOCKED,
                by=audit.Actor(user_id=None, label=audit.ANONYMOUS_LABEL),
                at=now,
                target=account,
                outcome="failure",
            )
        raise self.get_invalid_login_error()


class UnitContactForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = list(CONTACT_FIELDS)
