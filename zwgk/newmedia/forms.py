"""Forms of the staff pages. They parse and bound input only; the rules live in services.py,
whose Chinese messages the views show when a form is valid but the action is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Platform, SourceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, max_length: int, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _area(label: Any, max_length: int = 2000, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaintainerForm(forms.Form):
    administrator_name = _text(_("Administrator"), 50, required=True)
    administrator_phone = _text(_("Administrator phone"), 20, required=True)
    contact_name = _text(_("Contact person"), 50)
    contact_phone = _text(_("Contact phone"), 20)


class StaffMaintainerForm(MaintainerForm):
    administrator_user = forms.TypedChoiceField(
        label=_("Administrator's staff account (to notice when they leave the unit)"),
        coerce=int,
        required=False,
    )

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administrator_user"].choices = [("", "—")] + [
            (u.pk, u.display_name) for u in members
        ]


class AccountForm(MaintainerForm):
    unit = forms.TypedChoiceField(label=_("Host unit"), coerce=int)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    platform_name = _text(_("Platform name (for other platforms)"), 40)
    name = _text(_("Account name"), 100, required=True)
    account_id = _text(_("Account ID"), 100)
    verified_entity = _text(_("Verified entity"), 100)
    operating_unit_name = _text(_("Operating body"), 100)
    purpose = _text(_("Main functions"), 300)
    url = _text(_("Home address"), 300)
    opened_on = forms.DateField(label=_("Opening date"), required=False, widget=DATE)
    reason = _area(_("Reason for opening"))
    exception = forms.TypedChoiceField(
        label=_("Exception approved by the district office"), coerce=int, required=False
    )

    def __init__(self, *args: Any, units: Any = (), exceptions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["exception"].choices = [("", "—")] + [
            (e.pk, f"{e.unit.short_name} · {e.get_platform_display()} · {e.reason[:30]}")
            for e in exceptions
        ]


class ChangeForm(forms.Form):
    name = _text(_("Account name"), 100, required=True)
    account_id = _text(_("Account ID"), 100)
    verified_entity = _text(_("Verified entity"), 100)
    operating_unit_name = _text(_("Operating body"), 100)
    purpose = _text(_("Main functions"), 300)
    url = _text(_("Home address"), 300)
    reason = _area(_("Reason for the change"), required=True)


class NoticeForm(forms.Form):
    notice_url = _text(_("Address of the published announcement"), 300, required=True)
    notice_date = forms.DateField(label=_("Announcement date"), widget=DATE)
    reason = _area(_("Reason"), required=True)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("agree", "agree"), ("approve", "approve"), ("return", "return")]
    )
    note = _area(_("Note"))
    city_approval = _text(_("City approval (mobile client)"), 200)


class ExceptionForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    reason = _area(_("Reason for the exception"), required=True)
    reference = _text(_("Approval document"), 200)

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Adapter"), choices=SourceKind.choices)
    url = _text(_("Address (feed, page or API base URL)"), 500)
    item_selector = _text(_("Item selector"), 200)
    title_selector = _text(_("Title selector"), 200)
    link_selector = _text(_("Link selector"), 200)
    date_selector = _text(_("Date selector"), 200)
    app_id = _text(_("AppID"), 64)
    app_secret = _text(_("AppSecret (kept encrypted; leave empty to keep)"), 128)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX export of the account's posts"))
