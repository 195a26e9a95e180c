"""Staff pages of the 通报: the list, drafting from the problem registry, editing, review and
issue (district office), and the units' rectification reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.permissions import is_staff_member

from . import bulletin_publication as publication
from . import bulletins, problems, selectors
from .forms import BulletinDraftForm, BulletinItemForm, BulletinTextForm, ReasonForm, ResponseForm

SEVERITY_LABELS = {
    problems.VETO: "严重（法定时限、单项否决）",
    problems.SERIOUS: "较重",
    problems.MINOR: "一般",
}


def _staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    roots = selectors.supervised_roots(request.user)
    today = timezone.localdate()
    form = None
    if roots:
        first = today.replace(day=1)
        previous_end = first - timedelta(days=1)
        form = BulletinDraftForm(
            initial={
                "title": f"关于{previous_end:%Y年%m月}政务公开工作情况的通报",
                "period_start": previous_end.replace(day=1),
                "period_end": previous_end,
                "rectify_by": today + timedelta(days=bulletins.DEFAULT_RECTIFY_DAYS),
            }
        )
    context = {"bulletins": selectors.list_bulletins(request.user), "form": form}
    template = "supervision/bulletin_list.html"
    if request.htmx:
        template += "#bulletins"
    return render(request, template, context)


@login_required
@require_POST
def bulletin_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    roots = selectors.supervised_roots(request.user)
    if not roots:
        raise Http404
    form = BulletinDraftForm(request.POST)
    if form.is_valid():
        try:
            bulletin = bulletins.draft_bulletin(
                by=request.user,
                at=timezone.now(),
                district=roots[0],
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("supervision:bulletin_detail", pk=bulletin.pk)
    context = {"bulletins": selectors.list_bulletins(request.user), "form": form}
    return render(request, "supervision/bulletin_list.html", context, status=400)


def _detail(request: HttpRequest, bulletin: Any, status: int = 200, **extra: Any) -> HttpResponse:
    manage = bulletins.can_manage(request.user, bulletin)
    items = selectors.visible_items(request.user, bulletin)
    editable = manage and bulletin.status == bulletin.Status.DRAFT
    context = {
        "bulletin": bulletin,
        "groups": bulletins.items_by_unit(items),
        "manage": manage,
        "editable": editable,
        "is_reviewer": manage
        and bulletin.status == bulletin.Status.IN_REVIEW
        and bulletin.drafted_by_id != request.user.pk,
        "text_form": BulletinTextForm(
            initial={
                "title": bulletin.title,
                "intro": bulletin.intro,
                "requirements": bulletin.requirements,
            }
        )
        if editable
        else None,
        "severity_labels": SEVERITY_LABELS,
        "included_count": sum(1 for item in items if item.is_included),
        "sources": problems.source_names(),
        "today": timezone.localdate(),
        "publication_status": publication.publication_status(bulletin),
        "publication_active": bulletin.document is not None
        and bulletin.document.status in publication.ACTIVE,
    } | extra
    template = "supervision/bulletin_detail.html"
    if request.htmx and status == 200:
        template += "#items"
    return render(request, template, context, status=status)


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_bulletin(request.user, pk))


def _refused(request: HttpRequest, bulletin: Any, message: str) -> HttpResponse:
    return _detail(request, bulletin, status=400, error=message)


def _managed(request: HttpRequest, bulletin: Any) -> Any:
    """Editing and review pages are the district office's: a unit gets 404."""
    if not bulletins.can_manage(request.user, bulletin):
        raise Http404
    return bulletin


@login_required
@require_POST
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _managed(request, selectors.get_bulletin(request.user, pk))
    form = BulletinTextForm(request.POST)
    if not form.is_valid():
        return _refused(request, bulletin, "请填写通报标题，正文各部分不超过5000字。")
    try:
        bulletins.update_bulletin(
            by=request.user,
            at=timezone.now(),
            bulletin=bulletin,
            text=bulletins.BulletinText(**form.cleaned_data),
        )
    except DomainError as exc:
        return _refused(request, bulletin, exc.message)
    messages.success(request, "通报已保存。")
    return redirect("supervision:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(request.user, pk)
    _managed(request, item.bulletin)
    form = BulletinItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, item.bulletin, "请填写有效的整改期限（YYYY-MM-DD）。")
    try:
        bulletins.update_item(by=request.user, at=timezone.now(), item=item, **form.cleaned_data)
    except DomainError as exc:
        return _refused(request, item.bulletin, exc.message)
    return redirect("supervision:bulletin_detail", pk=item.bulletin_id)


@login_required
@require_POST
def bulletin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    bulletin = _managed(request, selectors.get_bulletin(request.user, pk))
    now = timezone.now()
    try:
        if action == "submit":
            bulletins.submit_bulletin(by=request.user, at=now, bulletin=bulletin)
            messages.success(request, "通报已提交审核。")
        elif action == "issue":
            bulletins.issue_bulletin(by=request.user, at=now, bulletin=bulletin)
            messages.success(request, "通报已印发，各单位在工作台中可见。")
        elif action == "return":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _refused(request, bulletin, "退回时请写明理由。")
            bulletins.return_bulletin(
                by=request.user, at=now, bulletin=bulletin, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "通报已退回起草人。")
        elif action in ("mark_public", "mark_internal"):
            publication.mark_public(
                by=request.user, at=now, bulletin=bulletin, public=action == "mark_public"
            )
            messages.success(request, "已更改通报的公开属性。")
        elif action == "publish":
            document = publication.publish_bulletin(by=request.user, at=now, bulletin=bulletin)
            messages.success(
                request,
                f"通报已登记为公文（索引号{document.index_number}），按公文流程审核后发布。",
            )
        elif action == "withdraw":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return _refused(request, bulletin, "撤回时请写明理由。")
            publication.withdraw_bulletin(
                by=request.user, at=now, bulletin=bulletin, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "通报已从门户网站撤回。")
        else:
            raise Http404
    except DomainError as exc:
        return _refused(request, bulletin, exc.message)
    return redirect("supervision:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _refused(request, item.bulletin, "请写明整改措施和结果（4至5000字）。")
    try:
        bulletins.respond_item(
            by=request.user, at=timezone.now(), item=item, response=form.cleaned_data["response"]
        )
    except DomainError as exc:
        return _refused(request, item.bulletin, exc.message)
    messages.success(request, "整改情况已报送。")
    return redirect("supervision:bulletin_detail", pk=item.bulletin_id)
