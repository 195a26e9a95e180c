"""Staff pages for 行政规范性文件: the record on a document, and 清理 campaigns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.permissions import is_supervisor, visible_units

from . import normative, selectors
from .models import CleanupCampaign, CleanupItem, Document
from .statute import CleanupDecision, Validity
from .views import _detail_context, _document_or_404


class RecordForm(forms.Form):
    unified_number = forms.CharField(label=gettext_lazy("Unified number"), max_length=60)
    valid_from = forms.DateField(
        label=gettext_lazy("Valid from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until (default: five years)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FilingForm(forms.Form):
    filed_on = forms.DateField(
        label=gettext_lazy("Filed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(label=gettext_lazy("Filing reference"), max_length=100)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=gettext_lazy("Validity"), choices=Validity.choices)
    replaced_by = forms.IntegerField(
        label=gettext_lazy("New version (document number in this system)"), required=False
    )


class RenewForm(forms.Form):
    valid_until = forms.DateField(
        label=gettext_lazy("Renew until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


OPERATIONS = {
    "record": RecordForm,
    "filing": FilingForm,
    "validity": ValidityForm,
    "renew": RenewForm,
}


def normative_forms(
    document: Document, bound: dict[str, forms.Form] | None = None
) -> dict[str, forms.Form]:
    bound = bound or {}
    record = getattr(document, "normative", None) if document.pk else None
    initial = {}
    if record is not None:
        initial = {
            "unified_number": record.unified_number,
            "valid_from": record.valid_from,
            "valid_until": record.valid_until,
        }
    return {
        "record": bound.get("record") or RecordForm(initial=initial, prefix="record"),
        "filing": bound.get("filing") or FilingForm(prefix="filing"),
        "validity": bound.get("validity") or ValidityForm(prefix="validity"),
        "renew": bound.get("renew") or RenewForm(prefix="renew"),
    }


@login_required
@require_POST
def normative_update(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    op = request.POST.get("op", "")
    if op not in OPERATIONS:
        raise Http404
    form = OPERATIONS[op](request.POST, prefix=op)
    now = timezone.now()
    try:
        if not form.is_valid():
            raise DomainError(_("Please correct the highlighted fields."))
        data = form.cleaned_data
        if op == "record":
            normative.set_normative_record(
                by=request.user,
                at=now,
                document=document,
                unified_number=data["unified_number"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        elif op == "filing":
            normative.file_normative(
                by=request.user,
                at=now,
                document=document,
                filed_on=data["filed_on"],
                reference=data["reference"],
            )
        elif op == "validity":
            replaced_by = None
            if data.get("replaced_by"):
                try:
                    replaced_by = selectors.get_document(request.user, data["replaced_by"])
                except Document.DoesNotExist as error:
                    raise DomainError(
                        _("The new version was not found among your documents.")
                    ) from error
            normative.change_validity(
                by=request.user,
                at=now,
                document=document,
                validity=data["validity"],
                replaced_by=replaced_by,
            )
        else:
            normative.renew_normative(
                by=request.user, at=now, document=document, valid_until=data["valid_until"]
            )
    except DomainError as error:
        context = _detail_context(request, Document.objects.get(pk=pk), error=error.message)
        context["normative_forms"] = normative_forms(document, {op: form})
        return render(request, "documents/document_detail.html", context, status=400)
    messages.success(request, _("The normative document record was saved."))
    return redirect("documents:detail", pk=pk)


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)


@login_required
@require_http_methods(["GET", "POST"])
def cleanup_list(request: HttpRequest) -> HttpResponse:
    supervisor = is_supervisor(request.user)
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        if not supervisor:
            raise Http404
        if form.is_valid():
            district = visible_units(request.user).filter(parent__isnull=True).first()
            try:
                campaign = normative.start_cleanup(
                    by=request.user,
                    at=timezone.now(),
                    district=district,
                    title=form.cleaned_data["title"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("documents:cleanup_detail", pk=campaign.pk)
    campaigns = (
        CleanupCampaign.objects.filter(
            district__in=visible_units(request.user).filter(parent__isnull=True)
        )
        if supervisor
        else CleanupCampaign.objects.filter(
            items__document__publishing_unit__in=visible_units(request.user)
        ).distinct()
    )
    return render(
        request,
        "documents/cleanup_list.html",
        {"campaigns": campaigns.order_by("-started_on"), "form": form, "can_start": supervisor},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cleanup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    items = CleanupItem.objects.filter(
        campaign_id=pk, document__publishing_unit__in=visible_units(request.user)
    ).select_related("document", "document__publishing_unit", "campaign")
    campaign = CleanupCampaign.objects.filter(pk=pk).first()
    if campaign is None or (not items.exists() and not is_supervisor(request.user)):
        raise Http404
    error = ""
    if request.method == "POST":
        item = items.filter(
            pk=request.POST.get("item", "0") if str(request.POST.get("item", "")).isdigit() else 0
        ).first()
        if item is None:
            raise Http404
        try:
            normative.decide_cleanup(
                by=request.user,
                at=timezone.now(),
                item=item,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", "")[:2000],
            )
        except DomainError as err:
            error = err.message
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("documents:cleanup_detail", pk=pk)
    return render(
        request,
        "documents/cleanup_detail.html",
        {
            "campaign": campaign,
            "items": items,
            "decisions": CleanupDecision.choices,
            "error": error,
        },
        status=400 if error else 200,
    )


def extra_detail_context(document: Document) -> dict[str, Any]:
    return {"normative_forms": normative_forms(document)} if document.is_normative else {}
