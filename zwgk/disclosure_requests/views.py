"""Staff pages for applications: the list with due dates, registration, the case page with its
ledger and the "explain this deadline" panel, one form per action allowed in the state, the
audited reveal of personal data, and the 复议/诉讼 register with its shares.

Views translate HTTP into selectors and services; another unit's application answers 404, and a
refused action re-renders the case page with the service's Chinese message (status 400),
changing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.core.public_forms import add_field_errors
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import memberships_of, visible_units

from . import deadlines, permissions, selectors, services, transitions
from .forms import (
    AppealForm,
    AssistAnswerForm,
    AssistForm,
    ConfirmForm,
    ConsultAnswerForm,
    ConsultForm,
    CorrectionForm,
    CorrectionReceivedForm,
    DeliveryForm,
    ExtendForm,
    FeeForm,
    NoteForm,
    PaidForm,
    ReasonsAcceptForm,
    ReasonsForm,
    RegisterForm,
    ReplyForm,
    TransferForm,
    WithdrawForm,
)
from .models import Appeal, Assistance, Consultation, DisclosureRequest, Status
from .personal import id_index, phone_index
from .statute import OUTCOME_RULES, WITHHOLDING_GROUNDS, AppealKind, Outcome, table3_row_label


def _request_or_404(request: HttpRequest, pk: int) -> DisclosureRequest:
    try:
        return selectors.get_request(request.user, pk)
    except DisclosureRequest.DoesNotExist as error:
        raise Http404 from error


def _registering_units(request: HttpRequest) -> list[Unit]:
    return [
        m.unit
        for m in memberships_of(request.user)
        if permissions.can_register_in(request.user, m.unit)
    ]


def _district_units(obj: DisclosureRequest) -> Any:
    root_path = "/" + obj.handling_unit.path.strip("/").split("/")[0] + "/"
    return (
        Unit.objects.active()
        .filter(path__startswith=root_path)
        .exclude(pk=obj.handling_unit_id)
        .order_by("path")
    )


# --- List -------------------------------------------------------------------------------------

DIGITS = re.compile(r"^[0-9Xx\- ]{7,30}$")


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.list_requests(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        qs = qs.filter(handling_unit_id=int(unit_id))
    today = timezone.localdate()
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        qs = qs.open().filter(due_date__lt=today)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        match = (
            Q(number__icontains=query)
            | Q(applicant_name__icontains=query)
            | Q(info_title__icontains=query)
            | Q(description__icontains=query)
        )
        if DIGITS.match(query):
            # Exact search by identity or phone number through the blind indexes.
            match |= Q(id_number_index=id_index(query)) | Q(phone_index=phone_index(query))
        qs = qs.filter(match)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "units": visible_units(request.user).order_by("path"),
        "unit_id": unit_id,
        "q": query,
        "overdue": overdue,
        "today": today,
        "can_register": bool(_registering_units(request)),
        "assisting": selectors.list_assisting(request.user),
    }
    template = "disclosure_requests/request_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


# --- Registration -----------------------------------------------------------------------------


def _application_data(cleaned: dict[str, Any]) -> services.ApplicationData:
    names = list(services.ApplicationData.__dataclass_fields__)
    return services.ApplicationData(**{name: cleaned.get(name) or "" for name in names})


@sensitive_post_parameters("id_number", "phone", "email", "address")
@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    units = _registering_units(request)
    if not units:
        raise Http404
    now = timezone.localtime()
    form = RegisterForm(
        request.POST or None,
        units=units,
        initial={"received_at": now.replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            obj = services.register_application(
                by=request.user,
                at=timezone.now(),
                unit=cleaned["unit"],
                data=_application_data(cleaned),
                channel=cleaned["channel"],
                received_at=cleaned["received_at"],
                confirmed_on=cleaned.get("confirmed_on"),
                note=cleaned.get("note") or "",
            )
        except services.ApplicationError as error:
            add_field_errors(form, error.errors)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Registered as %(number)s. Lookup code: %(code)s")
                % {
                    "number": obj.number,
                    "code": services.format_lookup_code(obj.lookup_code),
                },
            )
            return redirect("disclosure_requests:detail", pk=obj.pk)
    return render(
        request,
        "disclosure_requests/request_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- Actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    transition: str
    label: Any
    form: type[django_forms.Form] | None
    run: Callable[[Any, Any, DisclosureRequest, dict[str, Any]], Any]
    allowed: Callable[[Any, DisclosureRequest], bool] = permissions.can_handle_request
    danger: bool = False


def _reply_data(cd: dict[str, Any]) -> services.ReplyData:
    return services.ReplyData(
        outcome=cd["outcome"],
        reply_date=cd["reply_date"],
        body=cd.get("body") or "",
        withheld_part=cd.get("withheld_part") or "",
        withheld_grounds=cd.get("withheld_grounds") or [],
        withheld_reason=cd.get("withheld_reason") or "",
        other_agency=cd.get("other_agency") or "",
        other_agency_contact=cd.get("other_agency_contact") or "",
    )


ACTIONS: dict[str, Action] = {
    "claim": Action(
        "claim",
        gettext_lazy("Claim this application"),
        None,
        lambda u, at, o, cd: services.claim_request(by=u, at=at, request=o),
    ),
    "confirm": Action(
        "confirm",
        gettext_lazy("Confirm receipt (art. 31)"),
        ConfirmForm,
        lambda u, at, o, cd: services.confirm_receipt(
            by=u,
            at=at,
            request=o,
            confirmed_on=cd["confirmed_on"],
            contact_restored=cd.get("contact_restored", False),
        ),
    ),
    "contact_failed": Action(
        "contact_failed",
        gettext_lazy("Applicant could not be reached"),
        NoteForm,
        lambda u, at, o, cd: services.record_contact_failure(
            by=u, at=at, request=o, note=cd["note"]
        ),
    ),
    "correction": Action(
        "request_correction",
        gettext_lazy("Ask for a correction (art. 30)"),
        CorrectionForm,
        lambda u, at, o, cd: services.request_correction(
            by=u,
            at=at,
            request=o,
            items=[line.strip() for line in cd["items"].splitlines()],
            deadline=cd["deadline"],
            sent_on=cd["sent_on"],
        ),
    ),
    "correction_received": Action(
        "receive_correction",
        gettext_lazy("Record the corrected application"),
        CorrectionReceivedForm,
        lambda u, at, o, cd: services.receive_correction(
            by=u,
            at=at,
            request=o,
            received_on=cd["received_on"],
            description=cd.get("description") or "",
            note=cd.get("note") or "",
        ),
    ),
    "lapse_correction": Action(
        "lapse_correction",
        gettext_lazy("Close: no correction in time (treated as abandoned)"),
        None,
        lambda u, at, o, cd: services.lapse_correction(by=u, at=at, request=o),
        danger=True,
    ),
    "consult": Action(
        "consult",
        gettext_lazy("Consult a third party or co-producing agency (arts. 32, 34)"),
        ConsultForm,
        lambda u, at, o, cd: services.send_consultation(
            by=u,
            at=at,
            request=o,
            party=cd["party"],
            party_name=cd["party_name"],
            question=cd.get("question") or "",
            sent_on=cd["sent_on"],
        ),
    ),
    "extend": Action(
        "extend",
        gettext_lazy("Extend the reply period (art. 33, head's approval)"),
        ExtendForm,
        lambda u, at, o, cd: services.extend_deadline(
            by=u,
            at=at,
            request=o,
            workdays=cd["workdays"],
            reason=cd["reason"],
            approved_on=cd["approved_on"],
        ),
        allowed=permissions.can_approve_extension,
    ),
    "reasons": Action(
        "request_reasons",
        gettext_lazy("Ask for reasons (art. 35)"),
        ReasonsForm,
        lambda u, at, o, cd: services.request_reasons(
            by=u, at=at, request=o, sent_on=cd["sent_on"], deadline=cd["deadline"]
        ),
    ),
    "reasons_accept": Action(
        "accept_reasons",
        gettext_lazy("Reasons are reasonable (art. 35)"),
        ReasonsAcceptForm,
        lambda u, at, o, cd: services.accept_reasons(
            by=u,
            at=at,
            request=o,
            decided_on=cd["decided_on"],
            reasonable_due=cd.get("reasonable_due"),
            note=cd.get("note") or "",
        ),
    ),
    "fee": Action(
        "notify_fee",
        gettext_lazy("Send a fee notice"),
        FeeForm,
        lambda u, at, o, cd: services.notify_fee(
            by=u,
            at=at,
            request=o,
            method=cd["method"],
            items=cd.get("items") or 0 if cd["method"] == "per_item" else 0,
            pages=cd.get("pages") or 0 if cd["method"] == "per_volume" else 0,
            sent_on=cd["sent_on"],
            received_on=cd["received_on"],
        ),
    ),
    "fee_paid": Action(
        "record_payment",
        gettext_lazy("Record the payment"),
        PaidForm,
        lambda u, at, o, cd: services.record_fee_payment(
            by=u, at=at, request=o, paid_on=cd["paid_on"]
        ),
    ),
    "lapse_fee": Action(
        "lapse_fee",
        gettext_lazy("Close: fee not paid in time (treated as abandoned)"),
        None,
        lambda u, at, o, cd: services.lapse_fee(by=u, at=at, request=o),
        danger=True,
    ),
    "transfer": Action(
        "transfer",
        gettext_lazy("Transfer to another unit of the district"),
        TransferForm,
        lambda u, at, o, cd: services.transfer_request(
            by=u, at=at, request=o, to_unit=cd["to_unit"], reason=cd["reason"]
        ),
    ),
    "assist": Action(
        "ask_assistance",
        gettext_lazy("Ask a unit to assist"),
        AssistForm,
        lambda u, at, o, cd: services.ask_assistance(
            by=u, at=at, request=o, unit=cd["to_unit"], question=cd["question"]
        ),
    ),
    "reply": Action(
        "reply",
        gettext_lazy("Reply"),
        ReplyForm,
        lambda u, at, o, cd: services.reply_to_request(
            by=u, at=at, request=o, data=_reply_data(cd)
        ),
    ),
    "withdraw": Action(
        "withdraw",
        gettext_lazy("The applicant withdrew the application"),
        WithdrawForm,
        lambda u, at, o, cd: services.withdraw_request(
            by=u, at=at, request=o, withdrawn_on=cd["withdrawn_on"], note=cd["note"]
        ),
        danger=True,
    ),
    "deliver": Action(
        "deliver",
        gettext_lazy("Record the delivery"),
        DeliveryForm,
        lambda u, at, o, cd: services.record_delivery(
            by=u,
            at=at,
            request=o,
            method=cd["method"],
            delivered_on=cd["delivered_on"],
            tracking_number=cd.get("tracking_number") or "",
            note=cd.get("note") or "",
        ),
    ),
}


def _make_form(name: str, obj: DisclosureRequest, data: Any = None) -> django_forms.Form | None:
    action = ACTIONS[name]
    if action.form is None:
        return None
    kwargs: dict[str, Any] = {"prefix": name}
    if action.form in (TransferForm, AssistForm):
        kwargs["units"] = _district_units(obj)
    form = action.form(data, **kwargs)
    if data is None:
        today = timezone.localdate()
        for field_name, field in form.fields.items():
            if isinstance(field, django_forms.DateField) and field.required:
                form.initial.setdefault(field_name, today)
    return form


def _available(user: Any, obj: DisclosureRequest) -> list[str]:
    names = []
    for name, action in ACTIONS.items():
        if not transitions.allowed(action.transition, obj.status) or not action.allowed(user, obj):
            continue
        if name == "claim" and obj.assigned_to_id is not None:
            continue
        names.append(name)
    return names


def _personal_rows(obj: DisclosureRequest, revealed: dict[str, str]) -> list[dict[str, Any]]:
    """The masked personal fields (security.md §3.3), with a value revealed on request."""
    rows = [
        ("id_number", obj.get_id_type_display() or _("Identity document"), obj.id_number_masked),
        ("phone", _("Phone"), obj.phone_masked),
        ("email", _("E-mail"), obj.email_masked),
        ("address", _("Postal address"), obj.address_masked),
    ]
    return [
        {"field": field, "label": label, "masked": masked, "value": revealed.get(field, "")}
        for field, label, masked in rows
        if masked
    ]


def _ledger_rows(obj: DisclosureRequest) -> list[dict[str, Any]]:
    """The ledger as shown: each event with the few parameters a reader needs."""
    rows = []
    for event in obj.events.select_related("by").order_by("on_date", "at", "pk"):
        data = event.data or {}
        details = []
        if data.get("deadline"):
            details.append(_("until %(day)s") % {"day": data["deadline"]})
        if data.get("due"):
            details.append(_("due %(day)s") % {"day": data["due"]})
        for key in ("channel_label", "party_label", "to_label", "unit_label", "outcome_label"):
            if data.get(key):
                details.append(str(data[key]))
        if data.get("workdays"):
            details.append(_("%(n)s working days") % {"n": data["workdays"]})
        if data.get("amount"):
            details.append(_("%(amount)s yuan") % {"amount": data["amount"]})
        rows.append(
            {
                "on": event.on_date,
                "label": event.get_kind_display(),
                "by": event.by.display_name if event.by else "",
                "items": list(data.get("items") or []),
                "details": "；".join(details),
                "note": event.note,
            }
        )
    return rows


def _detail_context(
    request: HttpRequest,
    obj: DisclosureRequest,
    *,
    error: str = "",
    bound: tuple[str, django_forms.Form] | None = None,
    revealed: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = request.user
    handler = permissions.can_handle_request(user, obj)
    result = deadlines.clock_of(obj)
    actions = []
    for name in _available(user, obj):
        form = bound[1] if bound and bound[0] == name else _make_form(name, obj)
        actions.append(
            {
                "name": name,
                "label": ACTIONS[name].label,
                "form": form,
                "danger": ACTIONS[name].danger,
                "open": bool(bound and bound[0] == name),
            }
        )
    reply = getattr(obj, "reply", None)
    consultations = list(obj.consultations.all())
    appeals = list(obj.appeals.select_related("after"))
    reconsiderations = [a for a in appeals if a.kind == AppealKind.RECONSIDERATION]
    my_units = {m.unit_id for m in memberships_of(user)}
    return {
        "obj": obj,
        "clock": result,
        "calendar_missing": result is None,
        "today": timezone.localdate(),
        "error": error,
        "actions": actions,
        "is_handler": handler,
        "can_reveal": permissions.can_reveal_personal_data(user, obj),
        "personal": _personal_rows(obj, revealed or {}),
        "ledger": _ledger_rows(obj),
        "consultations": consultations,
        "answer_forms": {
            c.pk: ConsultAnswerForm(
                prefix=f"c{c.pk}", initial={"answered_on": timezone.localdate()}
            )
            for c in consultations
            if c.is_open
        }
        if handler and transitions.allowed("answer_consultation", obj.status)
        else {},
        "assistances": obj.assistances.select_related("unit", "answered_by"),
        "assist_answer_units": my_units,
        "assist_answer_form": AssistAnswerForm(),
        "fee_notices": obj.fee_notices.all(),
        "reply": reply,
        "reply_row": table3_row_label(reply.table3_row) if reply else "",
        "reply_article": OUTCOME_RULES[reply.outcome].article if reply else "",
        "withheld_grounds": [WITHHOLDING_GROUNDS.get(g, g) for g in reply.withheld_grounds]
        if reply
        else [],
        "deliveries": obj.deliveries.all(),
        "files": obj.files.all(),
        "similar": selectors.similar_requests(obj) if handler else [],
        "appeals": appeals,
        "can_manage_appeals": permissions.can_manage_appeals(user, obj)
        and obj.status != Status.PENDING,
        "appeal_form": bound[1]
        if bound and bound[0] == "appeal"
        else AppealForm(prefix="appeal", reconsiderations=reconsiderations),
        "lookup_code": services.format_lookup_code(obj.lookup_code) if handler else "",
        "Outcome": Outcome,
    }


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _request_or_404(request, pk)
    return render(request, "disclosure_requests/request_detail.html", _detail_context(request, obj))


@login_required
def request_explain(request: HttpRequest, pk: int) -> HttpResponse:
    """The "explain this deadline" panel on its own (htmx refresh)."""
    obj = _request_or_404(request, pk)
    return render(
        request,
        "disclosure_requests/request_detail.html#explain",
        _detail_context(request, obj),
    )


def _refused(
    request: HttpRequest, pk: int, message: str, bound: tuple[str, Any] | None = None
) -> HttpResponse:
    obj = DisclosureRequest.objects.select_related("handling_unit").get(pk=pk)
    context = _detail_context(request, obj, error=message, bound=bound)
    return render(request, "disclosure_requests/request_detail.html", context, status=400)


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obj = _request_or_404(request, pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404
    form = _make_form(name, obj, request.POST)
    if form is not None and not form.is_valid():
        return _refused(request, pk, _("Please correct the fields of the form."), (name, form))
    try:
        action.run(request.user, timezone.now(), obj, form.cleaned_data if form else {})
    except DomainError as error:
        return _refused(request, pk, error.message, (name, form) if form else None)
    messages.success(request, _("Saved: %(label)s") % {"label": action.label})
    return redirect("disclosure_requests:detail", pk=pk)


@login_required
@require_POST
def consultation_answer(request: HttpRequest, pk: int, consultation_pk: int) -> HttpResponse:
    obj = _request_or_404(request, pk)
    try:
        consultation = obj.consultations.get(pk=consultation_pk)
    except Consultation.DoesNotExist as error:
        raise Http404 from error
    form = ConsultAnswerForm(request.POST, prefix=f"c{consultation.pk}")
    if not form.is_valid():
        return _refused(request, pk, _("Please correct the fields of the form."))
    try:
        services.record_consultation_answer(
            by=request.user,
            at=timezone.now(),
            consultation=consultation,
            answer=form.cleaned_data["answer"],
            answered_on=form.cleaned_data.get("answered_on"),
            note=form.cleaned_data.get("note") or "",
        )
    except DomainError as error:
        return _refused(request, pk, error.message)
    messages.success(request, _("The answer to the consultation was recorded."))
    return redirect("disclosure_requests:detail", pk=pk)


@login_required
@require_POST
def assistance_answer(request: HttpRequest, pk: int, assistance_pk: int) -> HttpResponse:
    obj = _request_or_404(request, pk)
    try:
        assistance = obj.assistances.get(pk=assistance_pk)
    except Assistance.DoesNotExist as error:
        raise Http404 from error
    form = AssistAnswerForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, _("Please write the contribution."))
    try:
        services.answer_assistance(
            by=request.user,
            at=timezone.now(),
            assistance=assistance,
            answer=form.cleaned_data["answer"],
        )
    except DomainError as error:
        return _refused(request, pk, error.message)
    messages.success(request, _("Your contribution was sent."))
    return redirect("disclosure_requests:detail", pk=pk)


@never_cache
@login_required
@require_POST
def reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The full value of one personal field, on request, audited (security.md §3.2)."""
    obj = _request_or_404(request, pk)
    if field not in services.REVEALABLE:
        raise Http404
    try:
        value = services.reveal_personal_data(
            by=request.user, at=timezone.now(), request=obj, field=field
        )
    except DomainError as error:
        if request.htmx:
            return render(
                request,
                "disclosure_requests/reveal.html",
                {"error": error.message},
                status=403,
            )
        return _refused(request, pk, error.message)
    if request.htmx:
        return render(request, "disclosure_requests/reveal.html", {"value": value})
    context = _detail_context(request, obj, revealed={field: value})
    return render(request, "disclosure_requests/request_detail.html", context)


# --- 复议 and 诉讼 -----------------------------------------------------------------------------


def _appeal_data(cd: dict[str, Any]) -> services.AppealData:
    return services.AppealData(
        kind=cd["kind"],
        body=cd["body"],
        filed_on=cd["filed_on"],
        case_number=cd.get("case_number") or "",
        accepted_on=cd.get("accepted_on"),
        stage=cd["stage"],
        result=cd["result"],
        decided_on=cd.get("decided_on"),
        note=cd.get("note") or "",
    )


@login_required
@require_POST
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _request_or_404(request, pk)
    reconsiderations = obj.appeals.filter(kind=AppealKind.RECONSIDERATION)
    form = AppealForm(request.POST, prefix="appeal", reconsiderations=reconsiderations)
    if not form.is_valid():
        return _refused(request, pk, _("Please correct the fields of the form."), ("appeal", form))
    after_pk = form.cleaned_data.get("after")
    after = reconsiderations.filter(pk=after_pk).first() if after_pk else None
    try:
        services.record_appeal(
            by=request.user,
            at=timezone.now(),
            request=obj,
            data=_appeal_data(form.cleaned_data),
            after=after,
        )
    except DomainError as error:
        return _refused(request, pk, error.message, ("appeal", form))
    messages.success(request, _("The case was recorded."))
    return redirect("disclosure_requests:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_edit(request: HttpRequest, appeal_pk: int) -> HttpResponse:
    try:
        appeal = selectors.list_appeals(request.user).get(pk=appeal_pk)
    except Appeal.DoesNotExist as error:
        raise Http404 from error
    initial = {
        name: getattr(appeal, name)
        for name in (
            "kind",
            "body",
            "case_number",
            "filed_on",
            "accepted_on",
            "stage",
            "result",
            "decided_on",
            "note",
        )
    }
    form = AppealForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    form.fields.pop("after")
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_appeal(
                by=request.user,
                at=timezone.now(),
                appeal=appeal,
                data=_appeal_data(form.cleaned_data),
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("The case was updated."))
            if appeal.request_id:
                return redirect("disclosure_requests:detail", pk=appeal.request_id)
            return redirect("disclosure_requests:appeals")
    return render(
        request,
        "disclosure_requests/appeal_form.html",
        {"form": form, "appeal": appeal, "error": error},
        status=400 if (form.errors or error) else 200,
    )


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    rows, district = selectors.appeal_shares(request.user, year=year)
    appeals = selectors.list_appeals(request.user)
    if year is not None:
        appeals = appeals.filter(filed_on__year=year)
    page = Paginator(appeals, 30).get_page(request.GET.get("page"))
    context = {"page": page, "rows": rows, "district": district, "year": year or ""}
    template = "disclosure_requests/appeal_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)
