"""Staff pages of 行政执法公示: decisions (list, record, import, detail with the publication
check, edit, publish, withdraw) and the five kinds of standing information per unit.

Another unit's decision or unit answers 404; a refused action re-renders the page with the
service's Chinese message (status 400) and changes nothing. Pages showing the party are sent
with Cache-Control: no-store.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.core.masking import mask_id_number, mask_text
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import is_supervisor, visible_units

from . import checks, importer, permissions, selectors, services
from .forms import DecisionForm, ImportForm, InfoForm, WithdrawForm
from .models import Decision, DecisionStatus
from .statute import PUBLICATION_DEADLINES, UNCONFIRMED_NOTE, DecisionKind, InfoKind


def _staff(request: HttpRequest) -> None:
    if not permissions.can_use(request.user):
        raise Http404


def _decision(request: HttpRequest, pk: int) -> Decision:
    try:
        return selectors.get_decision(request.user, pk)
    except Decision.DoesNotExist as error:
        raise Http404 from error


def _unit_of(request: HttpRequest, units: list[Unit], unit_id: Any) -> Unit:
    if unit_id is None and len(units) == 1:
        return units[0]
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is None:
        raise Http404
    return unit


@login_required
@never_cache
def decision_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    qs = selectors.list_decisions(request.user)
    kind = request.GET.get("kind", "")
    if kind in DecisionKind.values:
        qs = qs.filter(kind=kind)
    status = request.GET.get("status", "")
    if status in DecisionStatus.values:
        qs = qs.filter(status=status)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        qs = qs.filter(unit_id=int(unit_id))
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.filter(status=DecisionStatus.DRAFT, publish_due_date__lt=today)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(summary__icontains=query))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": DecisionKind.choices,
        "kind": kind,
        "statuses": DecisionStatus.choices,
        "status": status,
        "units": visible_units(request.user).order_by("path"),
        "unit_id": unit_id,
        "q": query,
        "overdue": overdue,
        "today": today,
        "managed": permissions.managed_units(request.user),
        "overview": selectors.unit_overview(request.user, today)
        if is_supervisor(request.user)
        else [],
        "unconfirmed_note": UNCONFIRMED_NOTE,
    }
    template = "enforcement/decision_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _data(cleaned: dict[str, Any]) -> services.DecisionData:
    return services.DecisionData(
        kind=cleaned["kind"],
        number=cleaned["number"],
        party_kind=cleaned["party_kind"],
        party_name=cleaned["party_name"],
        party_id_number=cleaned.get("party_id_number") or "",
        decision_date=cleaned["decision_date"],
        summary=cleaned["summary"],
        basis=cleaned.get("basis") or "",
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    units = permissions.managed_units(request.user)
    if not units:
        raise Http404
    form = DecisionForm(request.POST or None)
    form.set_units(units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            unit = _unit_of(request, units, form.cleaned_data["unit"])
            try:
                decision = services.record_decision(
                    by=request.user, at=timezone.now(), unit=unit, data=_data(form.cleaned_data)
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision recorded; check it and make it public."))
                return redirect("enforcement:decision_detail", decision.pk)
        status = 400
    return render(
        request,
        "enforcement/decision_form.html",
        {"form": form, "title": _("Record an enforcement decision")},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    decision = _decision(request, pk)
    if not permissions.can_manage(request.user, decision.unit):
        raise Http404
    units = [decision.unit]
    initial = {
        "unit": decision.unit_id,
        "kind": decision.kind,
        "number": decision.number,
        "party_kind": decision.party_kind,
        "party_name": decision.party_name,
        "decision_date": decision.decision_date,
        "summary": decision.summary,
        "basis": decision.basis,
    }
    if decision.status != DecisionStatus.DRAFT:
        return _refused(request, decision, _("A public or withdrawn decision cannot be changed."))
    form = DecisionForm(request.POST or None, initial=initial)
    form.set_units(units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_decision(
                    by=request.user,
                    at=timezone.now(),
                    decision=decision,
                    data=_data(form.cleaned_data),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Decision saved."))
                return redirect("enforcement:decision_detail", decision.pk)
        status = 400
    return render(
        request,
        "enforcement/decision_form.html",
        {
            "form": form,
            "decision": decision,
            "title": _("Change the decision"),
            "has_id_number": bool(decision.party_id_number),
        },
        status=status,
    )


def _detail_context(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    text, found = checks.findings(decision)
    id_number = decision.party_id_number
    return {
        "decision": decision,
        "can_manage": permissions.can_manage(request.user, decision.unit),
        "checked_text": text,
        "findings": found,
        "blocking": checks.blocking(found),
        "masked_id": mask_id_number(id_number.reveal()) if id_number else "",
        # The unit's own text, with any identity or mobile number masked for display.
        "summary_masked": mask_text(decision.summary),
        "basis_masked": mask_text(decision.basis),
        "deadline": PUBLICATION_DEADLINES[decision.kind],
        "today": timezone.localdate(),
        "withdraw_form": WithdrawForm(),
    }


@login_required
@never_cache
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    decision = _decision(request, pk)
    return render(request, "enforcement/decision_detail.html", _detail_context(request, decision))


def _refused(request: HttpRequest, decision: Decision, message: str, **extra: Any) -> HttpResponse:
    context = _detail_context(request, decision) | {"error": message, **extra}
    return render(request, "enforcement/decision_detail.html", context, status=400)


@login_required
@never_cache
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    decision = _decision(request, pk)
    try:
        services.publish_decision(by=request.user, at=timezone.now(), decision=decision)
    except DomainError as error:
        decision.refresh_from_db()
        return _refused(request, decision, error.message)
    messages.success(request, _("The enforcement result is public."))
    return redirect("enforcement:decision_detail", decision.pk)


@login_required
@never_cache
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    decision = _decision(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, decision, _("Give the reason for withdrawing."), withdraw_form=form
        )
    try:
        services.withdraw_decision(
            by=request.user,
            at=timezone.now(),
            decision=decision,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refused(request, decision, error.message, withdraw_form=form)
    messages.success(request, _("The enforcement result was withdrawn from the public site."))
    return redirect("enforcement:decision_detail", decision.pk)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def decision_import(request: HttpRequest) -> HttpResponse:
    _staff(request)
    units = permissions.managed_units(request.user)
    if not units:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    form.set_units(units)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            unit = _unit_of(request, units, form.cleaned_data["unit"])
            upload = form.cleaned_data["file"]
            try:
                result = importer.import_decisions(
                    by=request.user,
                    at=timezone.now(),
                    unit=unit,
                    data=upload.read(importer.SPEC.max_file_bytes + 1),
                    filename=upload.name or "",
                )
            except importer.DecisionImportError as error:
                form.add_error(None, error.message)
                errors = error.errors
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s decisions imported; they are not yet public.")
                    % {"count": result.imported},
                )
                return redirect("enforcement:decision_list")
        status = 400
    context = {"form": form, "errors": errors[:200], "columns": importer.COLUMNS}
    return render(request, "enforcement/decision_import.html", context, status=status)


# --- Standing information ----------------------------------------------------------------------


def _info_unit(request: HttpRequest, unit_pk: int) -> Unit:
    _staff(request)
    try:
        return selectors.get_unit(request.user, unit_pk)
    except Unit.DoesNotExist as error:
        raise Http404 from error


@login_required
def info(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = _info_unit(request, unit_pk)
    versions = selectors.info_versions(unit)
    rows = [(kind, label, versions[kind]) for kind, label in InfoKind.choices]
    context = {
        "unit": unit,
        "rows": rows,
        "can_manage": permissions.can_manage(request.user, unit),
    }
    return render(request, "enforcement/info.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def info_edit(request: HttpRequest, unit_pk: int, kind: str) -> HttpResponse:
    unit = _info_unit(request, unit_pk)
    if kind not in InfoKind.values or not permissions.can_manage(request.user, unit):
        raise Http404
    current = selectors.info_history(unit, kind).first()
    form = InfoForm(request.POST or None, initial={"body": current.body if current else ""})
    status = 200
    panel: dict[str, Any] = {}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.publish_info(
                    by=request.user,
                    at=timezone.now(),
                    unit=unit,
                    kind=kind,
                    body=form.cleaned_data["body"],
                )
            except services.PublicationBlockedError as error:
                form.add_error(None, error.message)
                panel = {"checked_text": error.text, "findings": error.findings}
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("New version published."))
                return redirect("enforcement:info", unit.pk)
        status = 400
    context = {
        "unit": unit,
        "kind_label": InfoKind(kind).label,
        "form": form,
        "current": current,
        **panel,
    }
    return render(request, "enforcement/info_form.html", context, status=status)
