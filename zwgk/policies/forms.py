"""Forms of 政策直通车: the staff entry form, the public filters and the public subscription form
(with the self-hosted captcha and a honeypot; the view decides what a failure does)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zwgk.core import captcha
from zwgk.core.public_forms import ChallengeMixin
from zwgk.documents.models import Document
from zwgk.orgs.models import Unit

from . import selectors
from .models import Category, Channel, Industry, Level, Policy, TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndustryChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class PolicyForm(forms.ModelForm):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Responsible department"), empty_label=None
    )
    industries = IndustryChoice(
        queryset=Industry.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Industries (GB/T 4754-2017 sections)"),
    )
    all_industries = forms.BooleanField(
        required=False, label=_("The policy applies to every industry (tick all sections)")
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Policy categories"),
    )
    target_groups = forms.ModelMultipleChoiceField(
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target groups"),
    )
    source_url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", label=_("Source link")
    )
    document_index = forms.CharField(
        required=False,
        max_length=80,
        label=_("Index number of the published document (district policies, optional)"),
    )

    class Meta:
        model = Policy
        fields = [
            "title",
            "level",
            "issuing_authority",
            "doc_number",
            "source_url",
            "issued_date",
            "valid_from",
            "valid_until",
            "summary",
            "interpretation",
            "guide_who",
            "guide_what",
            "guide_how",
            "guide_where",
            "guide_contact",
        ]
        widgets = {
            "issued_date": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "interpretation": forms.Textarea(attrs={"rows": 6}),
            "guide_who": forms.Textarea(attrs={"rows": 2}),
            "guide_what": forms.Textarea(attrs={"rows": 3}),
            "guide_how": forms.Textarea(attrs={"rows": 3}),
            "guide_where": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if self.instance.pk:
            self.fields["unit"].disabled = True
            self.fields["unit"].initial = self.instance.unit_id
            self.fields["unit"].queryset = Unit.objects.filter(pk=self.instance.unit_id)
            if self.instance.document_id:
                self.fields["document_index"].initial = self.instance.document.index_number
        elif units:
            self.fields["unit"].initial = units[0].pk
        for name in ("source_url", "doc_number"):
            self.fields[name].widget.attrs["inputmode"] = "url" if name == "source_url" else "text"
        self.fields["source_url"].help_text = _(
            "The official page of the policy text (required unless a published document is linked)."
        )

    def clean_document_index(self) -> Document | None:
        number = self.cleaned_data["document_index"].strip()
        if not number:
            return None
        unit = self.cleaned_data.get("unit") or (self.instance.unit if self.instance.pk else None)
        document = Document.objects.filter(index_number=number, status="published").first()
        if document is None or (unit is not None and document.publishing_unit_id != unit.pk):
            raise forms.ValidationError(
                _("No published document of this department has this index number.")
            )
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("all_industries"):
            data["industries"] = list(Industry.objects.all())
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity cannot be before its start."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields}
        values["document"] = data.get("document_index")
        return values


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Category name"), max_length=20)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class StaffFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Title contains"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("All")), *Policy._meta.get_field("status").choices],
    )


# --- Public ------------------------------------------------------------------------------------


class PublicFilterForm(forms.Form):
    """The library's filters (GET). Every field optional and bounded; unknown values are ignored
    rather than refused, so a shared link with a stale filter still shows the library."""

    q = forms.CharField(required=False, max_length=50, label=_("Keywords"))
    industry = forms.ChoiceField(required=False, label=_("Industry"))
    category = forms.ChoiceField(required=False, label=_("Category"))
    level = forms.ChoiceField(
        required=False, label=_("Level"), choices=[("", _("All levels")), *Level.choices]
    )
    department = forms.ChoiceField(required=False, label=_("Department"))
    group = forms.ChoiceField(required=False, label=_("For"))
    expired = forms.BooleanField(required=False, label=_("Also show expired policies"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", _("All industries"))] + [
            (i.code, f"{i.code} {i.name}") for i in selectors.list_industries()
        ]
        self.fields["category"].choices = [("", _("All categories"))] + [
            (str(c.pk), c.name) for c in selectors.list_categories()
        ]
        self.fields["department"].choices = [("", _("All departments"))] + [
            (u.code, u.short_name or u.name) for u in selectors.list_departments()
        ]
        self.fields["group"].choices = [("", _("Everyone"))] + [
            (g.code, g.name) for g in selectors.list_target_groups()
        ]

    def filters(self) -> selectors.PublicFilters:
        filters = selectors.PublicFilters()
        if not self.is_bound:
            return filters
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters.query = (data.get("q") or "").strip()
        filters.level = data.get("level") or ""
        filters.industry = data.get("industry") or ""
        category = data.get("category") or ""
        filters.category = int(category) if category.isdigit() else None
        filters.department = data.get("department") or ""
        filters.group = data.get("group") or ""
        filters.include_expired = bool(data.get("expired"))
        return filters

    def active(self) -> bool:
        return self.is_bound and any(
            v for k, v in getattr(self, "cleaned_data", {}).items() if k != "expired"
        )


class SubscribeForm(ChallengeMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Receive the messages by"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.EMAIL,
    )
    contact = forms.CharField(
        label=_("E-mail address, mobile number or WeChat identifier"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    industries = IndustryChoice(
        queryset=Industry.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Industries"),
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Categories"),
    )
    departments = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Departments"),
    )
    captcha_answer = forms.CharField(
        required=False, max_length=10, label=_("Answer to the question")
    )
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = selectors.list_subscribable_departments()
        self.fields["departments"].label_from_instance = lambda u: u.short_name or u.name
        self.challenge: captcha.Challenge | None = None
        self.fields["contact"].help_text = _(
            "Only this contact is stored, encrypted, to send you the policies you choose; "
            "every message has a link to unsubscribe in one step."
        )
        self.fields["captcha_answer"].help_text = _("Type the answer in digits, for example 12.")
