"""Staff pages of monitoring: sites with their scorecard, trend, findings and columns; page
change diffs; 整改 work orders; the editable scoring table.

Views translate HTTP into selectors and services; another unit's object answers 404; a refused
action re-renders with the service's Chinese message (status 400) and changes nothing.
"""

from __future__ import annotations

import difflib
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.permissions import can_view_unit, visible_units

from . import runner, scoring, selectors, services
from .forms import AnswerForm, CloseForm, ColumnForm, IndicatorForm, WebsiteForm
from .models import CrawlRun, PageVersion, Rectification, Website
from .permissions import (
    can_answer_rectification,
    can_close_rectification,
    can_manage_websites,
)
from .tasks import send_worker

CHECK_LABELS = {
    "availability": "首页无法访问（单次探测）",
    "availability_veto": "站点无法访问（一周≥5%）",
    "home_not_updated": "首页2周未更新",
    "home_update_due": "首页10天未更新（预警）",
    "column_stale": "栏目未按期更新",
    "column_blank": "空白栏目",
    "dead_link_home": "首页链接不可用",
    "dead_link_other": "其他页面链接不可用",
    "slow_page": "页面加载超过3秒",
    "text_personal_data": "个人信息",
    "text_secrecy_mark": "涉密标志",
    "text_sensitive_word": "敏感词",
    "text_wrong_expression": "错误表述",
    "footer_identification": "页面底部标识缺失",
    "search_missing": "无站内搜索",
    "search_broken": "站内搜索不可用",
    "page_changed": "页面内容变化",
    "interaction_missing": "无网上咨询建言渠道",
    "interaction_unanswered": "留言超过3个月未回应",
    "date_in_future": "发稿日期晚于检查日（疑似伪造发稿日期）",
    "ipv6_missing": "网站域名未支持IPv6",
}


# --- sites ----------------------------------------------------------------------------------


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    websites = selectors.list_websites(request.user)
    rows = [(w, selectors.list_scorecards(w.subject, limit=1)) for w in websites]
    context = {
        "rows": [(w, cards[0] if cards else None) for w, cards in rows],
        "can_manage": can_manage_websites(request.user),
    }
    template = "monitoring/site_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def site_register(request: HttpRequest) -> HttpResponse:
    if not can_manage_websites(request.user):
        raise Http404
    units = visible_units(request.user).order_by("path")
    form = WebsiteForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                website = services.register_website(
                    by=request.user,
                    at=timezone.now(),
                    unit=data["unit"],
                    name=data["name"],
                    home_url=data["home_url"],
                    kind=data["kind"],
                    site_code=data["site_code"],
                    is_district_run=data["is_district_run"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Website registered; its first check is queued."))
                _queue_check(website)
                return redirect("monitoring:site_detail", website.pk)
        status = 400
    return render(request, "monitoring/site_form.html", {"form": form}, status=status)


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    website = selectors.get_website(request.user, pk)
    cards = selectors.list_scorecards(website.subject, limit=20)
    run = selectors.latest_run(website)
    live = run is not None and run.status in services.LIVE_RUN
    done, known = selectors.run_progress(run) if live and run is not None else (0, 0)
    done_run = website.runs.filter(status=CrawlRun.Status.DONE).order_by("-finished_at").first()
    findings = selectors.list_findings(website, run=done_run) if done_run else []
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    week_ago = timezone.now() - timedelta(days=7)
    probes = list(selectors.list_probes(website, week_ago))
    changed = [
        f.evidence.get("content_hash")
        for f in (findings.filter(check_code="page_changed")[:20] if done_run else [])
    ]
    changes = website.page_versions.filter(content_hash__in=changed).order_by("-fetched_at")[:20]
    context = {
        "website": website,
        "changes": changes,
        "card": cards[0] if cards else None,
        "trend": list(reversed(cards)),
        "run": run,
        "live": live,
        "known": known,
        "percent": int(100 * done / known) if known else 0,
        "page": page,
        "labels": CHECK_LABELS,
        "columns": selectors.list_columns(website),
        "column_form": ColumnForm(),
        "probes": len(probes),
        "probes_failed": sum(1 for p in probes if not p.ok),
        "can_manage": can_manage_websites(request.user),
        "can_check": can_view_unit(request.user, website.unit),
    }
    template = "monitoring/site_detail.html"
    if request.htmx:  # the live status of the check polls itself; the findings page along
        template += "#run" if request.GET.get("part") == "run" else "#findings"
    return render(request, template, context)


def _queue_check(website: Website) -> None:
    """Queue an inspection and a task that a worker takes it with."""
    with transaction.atomic():
        runner.queue_crawl(at=timezone.now(), website=website)
        send_worker()


@login_required
@require_POST
def site_check(request: HttpRequest, pk: int) -> HttpResponse:
    website = selectors.get_website(request.user, pk)
    _queue_check(website)
    messages.success(request, _("A check of this website is queued."))
    return redirect("monitoring:site_detail", website.pk)


def _run_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    run = selectors.get_run(request.user, pk)
    try:
        with transaction.atomic():
            run = action(by=request.user, at=timezone.now(), run=run)
            if run.status == CrawlRun.Status.QUEUED:
                send_worker()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("monitoring:site_detail", run.website_id)


@login_required
@require_POST
def run_stop(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_action(
        request, pk, services.stop_run, _("The check was stopped; it can be resumed.")
    )


@login_required
@require_POST
def run_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, services.resume_run, _("The check continues where it stopped."))


@login_required
@require_POST
def column_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    column = selectors.get_column(request.user, pk)
    if not can_manage_websites(request.user):
        raise Http404
    form = ColumnForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_column(
                by=request.user,
                at=timezone.now(),
                column=column,
                kind=form.cleaned_data["kind"],
                is_column=form.cleaned_data["is_column"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Column saved."))
            return redirect("monitoring:site_detail", column.website_id)
    return _refused(request, reverse("monitoring:site_detail", args=[column.website_id]), form)


def _refused(request: HttpRequest, back: str, form: Any) -> HttpResponse:
    """A refused POST without a page of its own: the reasons, a way back (400)."""
    return render(request, "monitoring/refused.html", {"back": back, "form": form}, status=400)


@login_required
def page_diff(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        version = PageVersion.objects.select_related("website").get(
            pk=pk, website__unit__in=visible_units(request.user)
        )
    except PageVersion.DoesNotExist as error:
        raise Http404 from error
    previous = (
        PageVersion.objects.filter(
            website=version.website, url_hash=version.url_hash, fetched_at__lt=version.fetched_at
        )
        .order_by("-fetched_at")
        .first()
    )
    lines: list[str] = []
    if previous is not None:
        lines = list(
            difflib.unified_diff(
                previous.text.splitlines(),
                version.text.splitlines(),
                fromfile=previous.fetched_at.strftime("%Y-%m-%d %H:%M"),
                tofile=version.fetched_at.strftime("%Y-%m-%d %H:%M"),
                lineterm="",
            )
        )[:2000]
    history = selectors.list_page_versions(version.website, version.url_hash)[:30]
    return render(
        request,
        "monitoring/page_diff.html",
        {"version": version, "previous": previous, "lines": lines, "history": history},
    )


# --- rectification work orders --------------------------------------------------------------


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Rectification.Status.values:
        status = ""
    qs = selectors.list_rectifications(request.user, status=status or None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": Rectification.Status.choices,
        "offenders": selectors.list_repeat_offenders(request.user),
        "quarters": selectors.count_rectifications_by_quarter(request.user),
        "alerts": selectors.list_alerts(request.user)[:20],
        "today": timezone.localdate(),
    }
    template = "monitoring/rectification_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _rectification_page(
    request: HttpRequest,
    r: Rectification,
    *,
    answer_form: Any = None,
    close_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "monitoring/rectification_detail.html",
        {
            "r": r,
            # evidence = {"count": n, "items": [finding evidence…], …}: read in Python, since
            # the template's r.evidence.items would be the "items" key, not dict.items()
            "evidence_facts": [(k, v) for k, v in (r.evidence or {}).items() if k != "items"],
            "evidence_items": (r.evidence or {}).get("items") or [],
            "answer_form": answer_form or AnswerForm(),
            "close_form": close_form or CloseForm(),
            "can_answer": can_answer_rectification(request.user, r)
            and r.status == Rectification.Status.OPEN,
            "can_close": can_close_rectification(request.user)
            and r.status != Rectification.Status.CLOSED,
            "indicator": scoring.DEFAULT_TABLE.get(r.indicator),
        },
        status=status,
    )


@login_required
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _rectification_page(request, selectors.get_rectification(request.user, pk))


@login_required
@require_POST
def rectification_answer(request: HttpRequest, pk: int) -> HttpResponse:
    r = selectors.get_rectification(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_rectification(
                by=request.user,
                at=timezone.now(),
                rectification=r,
                answer=form.cleaned_data["answer"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Answer recorded; a re-check will close the work order."))
            return redirect("monitoring:rectification_detail", r.pk)
    return _rectification_page(request, r, answer_form=form, status=400)


@login_required
@require_POST
def rectification_close(request: HttpRequest, pk: int) -> HttpResponse:
    r = selectors.get_rectification(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_rectification(
                by=request.user, at=timezone.now(), rectification=r, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Work order closed."))
            return redirect("monitoring:rectification_detail", r.pk)
    return _rectification_page(request, r, close_form=form, status=400)


# --- the scoring table ----------------------------------------------------------------------


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    table = selectors.get_scoring_table()
    return render(
        request,
        "monitoring/indicator_list.html",
        {
            "indicators": table.indicators,
            "groups": scoring.GROUPS,
            "can_edit": can_manage_websites(request.user),
        },
    )


@login_required
@require_POST
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not can_manage_websites(request.user) or scoring.DEFAULT_TABLE.get(code) is None:
        raise Http404
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            services.update_indicator(
                by=request.user, at=timezone.now(), code=code, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("monitoring:indicator_list")
    return _refused(request, reverse("monitoring:indicator_list"), form)
