"""Staff pages of the spot checks (抽查) and the assessment (考核): the district office's; a
published assessment's ranking is shown to every unit of the district."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import is_staff_member, memberships_of

from . import assessment as scoring
from . import selectors, spotchecks
from .indicators import TABLES
from .models import Assessment, SpotCheck, SpotCheckItem


def _root(request: HttpRequest) -> Unit:
    roots = selectors.supervised_roots(request.user)
    if not roots:
        raise Http404
    return roots[0]


def _message(request: HttpRequest, text: str) -> HttpResponse:
    return render(request, "supervision/message.html", {"message": text}, status=400)


# --- Spot checks ------------------------------------------------------------------------------


@login_required
def spot_check_list(request: HttpRequest) -> HttpResponse:
    root = _root(request)
    context = {
        "checks": SpotCheck.objects.filter(district=root),
        "kinds": spotchecks.KINDS,
        "available": spotchecks.available_kinds(),
    }
    return render(request, "supervision/spot_check_list.html", context)


@login_required
@require_POST
def spot_check_create(request: HttpRequest) -> HttpResponse:
    root = _root(request)
    size = (request.POST.get("per_unit") or "").strip()
    seed = (request.POST.get("seed") or "").strip()
    if not size.isdigit() or len(size) > 3 or (seed and (not seed.isdigit() or len(seed) > 15)):
        return _message(request, "请填写每个单位的抽取件数（1至50）；种子须为数字，可以不填。")
    try:
        check = spotchecks.start_spot_check(
            by=request.user,
            at=timezone.now(),
            district=root,
            title=request.POST.get("title", "")[:300],
            kind=request.POST.get("kind", ""),
            per_unit=int(size),
            seed=int(seed) if seed else None,
        )
    except DomainError as exc:
        return _message(request, exc.message)
    return redirect("supervision:spot_check_detail", pk=check.pk)


def _check_of(request: HttpRequest, pk: int) -> SpotCheck:
    check = SpotCheck.objects.filter(pk=pk, district=_root(request)).first()
    if check is None:
        raise Http404
    return check


@login_required
def spot_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = _check_of(request, pk)
    items = check.items.select_related("unit")
    context = {
        "check": check,
        "items": items,
        "checklist": spotchecks.CHECKLISTS[check.kind],
        "kind_label": spotchecks.KINDS[check.kind],
        "checked": sum(1 for i in items if i.passed is not None),
        "passed": sum(1 for i in items if i.passed),
    }
    template = "supervision/spot_check_detail.html"
    if request.htmx:
        template += "#items"
    return render(request, template, context)


@login_required
@require_POST
def spot_check_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = SpotCheckItem.objects.select_related("spot_check").filter(pk=pk).first()
    if item is None:
        raise Http404
    _check_of(request, item.spot_check_id)
    keys = [key for key, _label in spotchecks.CHECKLISTS[item.spot_check.kind]]
    results = {key: request.POST.get(key) == "1" for key in keys}
    if not all(request.POST.get(key) in ("0", "1") for key in keys):
        return _message(request, "请逐项选择“符合”或“不符合”。")
    try:
        spotchecks.record_result(
            by=request.user,
            at=timezone.now(),
            item=item,
            results=results,
            note=request.POST.get("note", "")[:2001],
        )
    except DomainError as exc:
        return _message(request, exc.message)
    messages.success(request, "抽查结果已记录。")
    return redirect("supervision:spot_check_detail", pk=item.spot_check_id)


# --- Assessment -------------------------------------------------------------------------------


def _district_of_member(request: HttpRequest) -> list[int]:
    return list({m.unit.root_id for m in memberships_of(request.user)})


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    roots = selectors.supervised_roots(request.user)
    if roots:
        assessments = Assessment.objects.filter(district__in=roots)
    else:
        assessments = Assessment.objects.filter(
            district_id__in=_district_of_member(request), is_published=True
        )
    context = {
        "assessments": assessments,
        "tables": TABLES,
        "can_start": bool(roots),
        "years": list(range(timezone.localdate().year, 2018, -1)),
    }
    return render(request, "supervision/assessment_list.html", context)


@login_required
@require_POST
def assessment_create(request: HttpRequest) -> HttpResponse:
    root = _root(request)
    year = (request.POST.get("year") or "").strip()
    if not year.isdigit() or len(year) != 4:
        return _message(request, "请选择考核年度。")
    try:
        item = scoring.start_assessment(
            by=request.user,
            at=timezone.now(),
            district=root,
            year=int(year),
            table=request.POST.get("table", ""),
        )
    except DomainError as exc:
        return _message(request, exc.message)
    return redirect("supervision:assessment_detail", pk=item.pk)


def _assessment_of(request: HttpRequest, pk: int) -> Assessment:
    found = Assessment.objects.select_related("district").filter(pk=pk).first()
    if found is None:
        raise Http404
    if scoring.can_manage(request.user, found):
        return found
    if found.is_published and found.district_id in _district_of_member(request):
        return found
    raise Http404


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _assessment_of(request, pk)
    table = TABLES[found.table]
    manage = scoring.can_manage(request.user, found)
    rows = scoring.results(found)
    context: dict[str, Any] = {
        "assessment": found,
        "table": table,
        "results": rows,
        "manage": manage and not found.is_published,
        "detail_rows": [
            (r, [(ind, r.scores.get(ind.key)) for ind in table.indicators]) for r in rows
        ]
        if manage
        else [],
    }
    template = "supervision/assessment_detail.html"
    if request.htmx:
        template += "#ranking"
    return render(request, template, context)


@login_required
@require_POST
def assessment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _assessment_of(request, pk)
    if not scoring.can_manage(request.user, found):
        raise Http404
    now = timezone.now()
    try:
        if action == "recompute":
            scoring.recompute(by=request.user, at=now, assessment=found)
            messages.success(request, "已按最新数据重新计算。")
        elif action == "publish":
            scoring.publish_assessment(by=request.user, at=now, assessment=found)
            messages.success(request, "考核结果已公布，各单位可以查看排名。")
        elif action == "score":
            unit_text = request.POST.get("unit", "")
            unit = (
                Unit.objects.filter(pk=int(unit_text)).first()
                if unit_text.isdigit() and len(unit_text) < 10
                else None
            )
            if unit is None:
                return _message(request, "请选择单位。")
            scoring.enter_score(
                by=request.user,
                at=now,
                assessment=found,
                unit=unit,
                indicator=request.POST.get("indicator", "")[:40],
                points=request.POST.get("points", "")[:20],
                evidence=request.POST.get("evidence", "")[:2001],
            )
            messages.success(request, "得分已保存。")
        else:
            raise Http404
    except DomainError as exc:
        return _message(request, exc.message)
    return redirect("supervision:assessment_detail", pk=found.pk)
