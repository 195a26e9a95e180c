"""The audit viewer's filter form: validates what the district office asks for."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from . import audit_labels, audit_selectors


def _action_choices() -> list[Any]:
    codes = audit_selectors.list_action_codes()
    groups = [
        (prefix, _("All %(prefix)s* events") % {"prefix": prefix})
        for prefix in audit_labels.prefixes(codes)
    ]
    singles = [(code, f"{audit_labels.label_for(code)}（{code}）") for code in codes]
    return [("", _("All actions")), (_("Groups"), groups), (_("Single actions"), singles)]


class AuditFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, empty_value=None, required=False)
    person = forms.CharField(
        label=_("Person"),
        max_length=50,
        required=False,
        help_text=_("Part of the name as recorded"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = cast(forms.TypedChoiceField, self.fields["unit"])
        action = cast(forms.ChoiceField, self.fields["action"])
        unit.choices = [("", _("All units")), *audit_selectors.list_units_seen()]
        action.choices = _action_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be earlier than the start date."))
        return data

    def criteria(self) -> audit_selectors.AuditFilter:
        data = self.cleaned_data
        return audit_selectors.AuditFilter(
            unit_id=data.get("unit"),
            person=data.get("person") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def query_items(self) -> list[tuple[str, str]]:
        """The validated filter as (name, value) pairs for links and the export form."""
        items = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                items.append(
                    (name, value.isoformat() if hasattr(value, "isoformat") else str(value))
                )
        return items
