from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zwgk.orgs.models import Unit
from zwgk.orgs.services import CONTACT_FIELDS


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("The username or password is not correct."),
    }


class UnitContactForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = list(CONTACT_FIELDS)
