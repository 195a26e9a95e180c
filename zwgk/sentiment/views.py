"""Staff pages of 舆情 cases: the list, collection by hand, the case page with its timers and
one form per step (会商, 研判, 回应, 评估, change of responsible unit, risk plan), the opinion of
an invited unit, and the risk plans of sensitive policy documents.

Another unit's case answers 404; a refused step re-renders the case page with the service's
Chinese message (status 400), changing nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import is_staff_member, visible_units

from . import permissions, rules, selectors, services
from .forms import (
    AssessForm,
    CaseForm,
    EvaluateForm,
    InviteForm,
    LinkPlanForm,
    OpinionForm,
    ReassignForm,
    RespondForm,
    RiskPlanForm,
)
from .models import Case, CaseOpinion, RiskPlan, Status


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    try:
        return selectors.get_case(request.user, pk)
    except Case.DoesNotExist as error:
        raise Http404 from error


def _district_units(request: HttpRequest) -> Any:
    return visible_units(request.user).filter(is_active=True).order_by("path")


def _units_of_district(case: Case) -> Any:
    """The active units of the case's district (for 会商 invitations and reassignment)."""
    root = "/" + case.unit.path.strip("/").split("/")[0] + "/"
    return Unit.objects.filter(is_active=True, path__startswith=root).order_by("path")


def _opening_units(request: HttpRequest) -> Any:
    ids = [u.pk for u in _district_units(request) if permissions.can_open_case_in(request.user, u)]
    return Unit.objects.filter(pk__in=ids).order_by("path")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    qs = selectors.list_cases(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(title__icontains=query)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    now = timezone.now()
    timers = {
        t.case_id: t
        for t in selectors.list_running_timers([c.unit_id for c in page.object_list]).filter(
            case__in=list(page.object_list)
        )
    }
    rows = [(case, timers.get(case.pk)) for case in page]
    context = {
        "page": page,
        "rows": rows,
        "statuses": Status.choices,
        "status": status,
        "q": query,
        "now": now,
        "can_open": _opening_units(request).exists(),
    }
    template = "sentiment/case_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    units = _opening_units(request)
    if not units.exists():
        raise Http404
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = CaseForm(request.POST or None, units=units, initial={"collected_at": now})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            case = services.open_case(
                by=request.user,
                at=timezone.now(),
                unit=cd["unit"],
                source="manual",
                title=cd["title"],
                summary=cd["summary"],
                is_major_emergency=cd["is_major_emergency"],
                collected_at=cd["collected_at"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Public-opinion case collected."))
            return redirect("sentiment:detail", pk=case.pk)
    return render(
        request, "sentiment/case_form.html", {"form": form}, status=400 if form.errors else 200
    )


ACTIONS: dict[str, tuple[type[django_forms.Form], Any]] = {
    "reassign": (ReassignForm, permissions.can_reassign_case),
    "invite": (InviteForm, permissions.can_coordinate_case),
    "assess": (AssessForm, permissions.can_handle_case),
    "respond": (RespondForm, permissions.can_handle_case),
    "evaluate": (EvaluateForm, permissions.can_handle_case),
    "link_plan": (LinkPlanForm, permissions.can_coordinate_case),
}


def _forms_for(request: HttpRequest, case: Case, bound: dict[str, Any] | None = None) -> dict:
    bound = bound or {}
    units = _units_of_district(case).exclude(pk=case.unit_id)
    now = timezone.localtime().replace(second=0, microsecond=0)
    result: dict[str, Any] = {}
    if not case.is_open:
        return result
    for name, (form_class, allowed) in ACTIONS.items():
        if not allowed(request.user, case):
            continue
        if name == "evaluate" and case.status != Status.RESPONDED:
            continue
        if name in bound:
            result[name] = bound[name]
            continue
        kwargs: dict[str, Any] = {"prefix": name}
        if name in ("reassign", "invite"):
            kwargs["units"] = units
        if name == "respond":
            kwargs["initial"] = {"published_at": now}
        if name == "assess":
            kwargs["initial"] = {
                "risk_level": case.risk_level,
                "is_major_emergency": case.is_major_emergency,
            }
        result[name] = form_class(**kwargs)
    return result


# Staff pages of the objects a case can come from (other sources are shown as their key).
SOURCE_PAGES = {"mailbox.letter": "mailbox:detail", "mailbox.message": "mailbox:message_detail"}


def source_url(source: str) -> str:
    kind, _sep, pk = source.partition(":")
    name = SOURCE_PAGES.get(kind)
    if name is None or not pk.isdigit():
        return ""
    try:
        return reverse(name, args=[int(pk)])
    except NoReverseMatch:
        return ""


def _detail_context(request: HttpRequest, case: Case, bound: dict | None = None) -> dict:
    staff_units = permissions.staff_unit_ids(request.user)
    opinions = list(case.opinions.select_related("unit", "answered_by"))
    mine = [o for o in opinions if o.unit_id in staff_units and case.is_open]
    return {
        "case": case,
        "timers": list(case.timers.all()),
        "responses": list(case.responses.all()),
        "opinions": opinions,
        "opinion_forms": [(o, OpinionForm(prefix=f"op{o.pk}")) for o in mine],
        "events": list(case.events.select_related("by", "from_unit", "to_unit")),
        "forms": _forms_for(request, case, bound),
        "plans": selectors.list_risk_plans(request.user)[:100]
        if permissions.can_coordinate_case(request.user, case)
        else [],
        "now": timezone.now(),
        "rule_source": rules.SOURCE_61,
        "source_url": source_url(case.source),
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    context = _detail_context(request, case)
    template = "sentiment/case_detail.html"
    if request.htmx:
        template += "#timers"
    return render(request, template, context)


def _run(request: HttpRequest, case: Case, name: str, cd: dict[str, Any]) -> None:
    now = timezone.now()
    if name == "reassign":
        services.reassign_case(
            by=request.user, at=now, case=case, unit=cd["unit"], reason=cd["reason"]
        )
    elif name == "invite":
        services.invite_units(
            by=request.user, at=now, case=case, units=list(cd["units"]), question=cd["question"]
        )
    elif name == "assess":
        services.assess_case(
            by=request.user,
            at=now,
            case=case,
            risk_level=cd["risk_level"],
            is_major_emergency=cd["is_major_emergency"],
            note=cd["note"],
        )
    elif name == "respond":
        services.record_response(
            by=request.user,
            at=now,
            case=case,
            kind=cd["kind"],
            text=cd["text"],
            channel=cd["channel"],
            url=cd["url"],
            published_at=cd["published_at"],
        )
    elif name == "evaluate":
        services.evaluate_case(
            by=request.user, at=now, case=case, effect=cd["effect"], note=cd["note"]
        )
    elif name == "link_plan":
        plan = None
        if cd.get("plan"):
            try:
                plan = selectors.get_risk_plan(request.user, cd["plan"])
            except RiskPlan.DoesNotExist:
                raise services.CaseError("没有找到该舆情风险评估。") from None
        services.link_risk_plan(by=request.user, at=now, case=case, plan=plan)


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    if name not in ACTIONS:
        raise Http404
    form_class, _allowed = ACTIONS[name]
    kwargs: dict[str, Any] = {"prefix": name}
    if name in ("reassign", "invite"):
        kwargs["units"] = _units_of_district(case).exclude(pk=case.unit_id)
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            _run(request, case, name, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("sentiment:detail", pk=case.pk)
    case.refresh_from_db()
    context = _detail_context(request, case, bound={name: form})
    context["refused"] = name
    return render(request, "sentiment/case_detail.html", context, status=400)


@login_required
@require_POST
def opinion_answer(request: HttpRequest, pk: int, opinion_pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    opinion = CaseOpinion.objects.filter(case=case, pk=opinion_pk).first()
    if opinion is None:
        raise Http404
    form = OpinionForm(request.POST, prefix=f"op{opinion.pk}")
    error = ""
    if form.is_valid():
        try:
            services.record_opinion(
                by=request.user,
                at=timezone.now(),
                opinion=opinion,
                text=form.cleaned_data["opinion"],
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Opinion recorded."))
            return redirect("sentiment:detail", pk=case.pk)
    context = _detail_context(request, case)
    context["opinion_error"] = error or _("Please write the opinion.")
    return render(request, "sentiment/case_detail.html", context, status=400)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    from zwgk.documents.models import Document

    wanted = request.GET.get("document", "")
    if wanted.isdigit():
        return redirect("sentiment:plan_edit", document_pk=int(wanted))
    plans = selectors.list_risk_plans(request.user)
    documents = Document.objects.filter(
        publishing_unit_id__in=permissions.staff_unit_ids(request.user)
    ).order_by("-pk")[:200]
    return render(request, "sentiment/plan_list.html", {"plans": plans, "documents": documents})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, document_pk: int) -> HttpResponse:
    """The risk assessment and response plan of one policy document of the viewer's unit."""
    from zwgk.documents.models import Document

    document = Document.objects.filter(
        pk=document_pk, publishing_unit_id__in=permissions.staff_unit_ids(request.user)
    ).first()
    if document is None:
        raise Http404
    existing = RiskPlan.objects.filter(document=document).first()
    initial = {"assessment": existing.assessment, "plan": existing.plan} if existing else None
    form = RiskPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_risk_plan(
                by=request.user,
                at=timezone.now(),
                document=document,
                assessment=form.cleaned_data["assessment"],
                plan=form.cleaned_data["plan"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Risk assessment and response plan saved."))
            return redirect("sentiment:plans")
    return render(
        request,
        "sentiment/plan_form.html",
        {"form": form, "document": document, "plan": existing},
        status=400 if form.errors else 200,
    )
