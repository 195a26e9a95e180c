from typing import Any

from django import forms

from .models import SiteProfile
from .services import PROFILE_FIELDS, normalise


class SiteProfileForm(forms.ModelForm[SiteProfile]):
    """Input shape and per-field messages; services.save_site_profile validates again and saves."""

    class Meta:
        model = SiteProfile
        fields = list(PROFILE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Same normalisation as the service, so that "渝公网安备 5001…号" is accepted here too.
        return {name: normalise(name, value) for name, value in cleaned.items()}
