"""Staff pages of the new-media registry: the list, the account page with its filings, posts,
findings and activity sources, the opening application, the 变更/关停/注销 filings, the head's
and the district office's review, exceptions, the findings list and the 备案表 export.

Views translate HTTP into selectors and services; another unit's account answers 404; a refused
action re-renders the page with the service's Chinese message (status 400), changing nothing.
Pages showing the maintainer's (masked) personal data are never cached.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Membership
from zwgk.orgs.permissions import is_supervisor, memberships_of, visible_units

from . import filing_form, permissions, selectors, services
from .adapters.base import AdapterError
from .forms import (
    AccountForm,
    ChangeForm,
    ExceptionForm,
    NoticeForm,
    ReviewForm,
    SourceForm,
    StaffMaintainerForm,
    UploadForm,
)
from .ingest import import_upload, run_source
from .models import (
    ACTIVE_STATUSES,
    ActivitySource,
    DuplicateApproval,
    Filing,
    FindingKind,
    MediaAccount,
    Platform,
    SourceKind,
    Status,
)

UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def _account_or_404(request: HttpRequest, pk: int) -> MediaAccount:
    try:
        return selectors.get_account(request.user, pk)
    except MediaAccount.DoesNotExist as error:
        raise Http404 from error


def _filing_units(request: HttpRequest) -> list[Any]:
    return [
        m.unit
        for m in memberships_of(request.user)
        if permissions.can_file_in(request.user, m.unit)
    ]


# --- List -------------------------------------------------------------------------------------


@never_cache
@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.list_accounts(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    platform = request.GET.get("platform", "")
    if platform in Platform.values:
        qs = qs.filter(platform=platform)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        qs = qs.filter(host_unit_id=int(unit_id))
    query = request.GET.get("q", "").strip()[:100]
    qs = selectors.search(qs, query)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Status.choices,
        "platforms": Platform.choices,
        "status": status,
        "platform": platform,
        "units": visible_units(request.user).order_by("path"),
        "unit_id": unit_id,
        "q": query,
        "can_apply": bool(_filing_units(request)),
        "is_supervisor": is_supervisor(request.user),
        "pending": selectors.list_pending_filings(request.user)[:50],
        "now": timezone.now(),
    }
    template = "newmedia/account_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


# --- Opening ----------------------------------------------------------------------------------


def _maintainer(cd: dict[str, Any]) -> services.Maintainer:
    return services.Maintainer(
        administrator_name=cd.get("administrator_name") or "",
        administrator_phone=cd.get("administrator_phone") or "",
        contact_name=cd.get("contact_name") or "",
        contact_phone=cd.get("contact_phone") or "",
    )


@never_cache
@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    units = _filing_units(request)
    if not units:
        raise Http404
    exceptions = DuplicateApproval.objects.filter(
        unit__in=units, account__isnull=True
    ).select_related("unit")
    form = AccountForm(request.POST or None, units=units, exceptions=exceptions)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            unit = next(u for u in units if u.pk == cd["unit"])
            exception = exceptions.filter(pk=cd["exception"]).first() if cd["exception"] else None
            try:
                filing = services.apply_open(
                    by=request.user,
                    at=timezone.now(),
                    unit=unit,
                    data=services.AccountData(
                        platform=cd["platform"],
                        platform_name=cd["platform_name"],
                        name=cd["name"],
                        account_id=cd["account_id"],
                        verified_entity=cd["verified_entity"],
                        operating_unit_name=cd["operating_unit_name"],
                        purpose=cd["purpose"],
                        url=cd["url"],
                        opened_on=cd["opened_on"],
                        maintainer=_maintainer(cd),
                    ),
                    reason=cd["reason"],
                    exception=exception,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("The application was filed; the unit head agrees next.")
                )
                return redirect("newmedia:detail", pk=filing.account_id)
        else:
            form.add_error(None, _("Please correct the fields of the form."))
    return render(request, "newmedia/account_form.html", {"form": form}, status=status)


# --- The account page -------------------------------------------------------------------------


def _detail_context(request: HttpRequest, account: MediaAccount, **forms: Any) -> dict[str, Any]:
    user = request.user
    filings = list(account.filings.select_related("submitted_by", "head_agreed_by", "reviewed_by"))
    pending = next((f for f in filings if f.is_pending), None)
    can_file = permissions.can_file_for(user, account)
    return {
        "account": account,
        "filings": filings,
        "pending": pending,
        "can_agree": pending is not None and permissions.can_agree(user, pending),
        "can_review": pending is not None and permissions.can_review(user, pending),
        "can_file": can_file and pending is None,
        "can_edit_sources": permissions.can_edit_sources(user, account),
        "posts": account.posts.all()[:20],
        "findings": account.findings.all()[:20],
        "sources": account.sources.all(),
        "change_form": forms.get("change_form")
        or ChangeForm(initial={n: getattr(account, n) for n in services.CHANGEABLE}),
        "close_form": forms.get("close_form") or NoticeForm(prefix="close"),
        "cancel_form": forms.get("cancel_form") or NoticeForm(prefix="cancel"),
        "maintainer_form": forms.get("maintainer_form")
        or StaffMaintainerForm(members=_members(account)),
        "scorecards": _scorecards(account),
        "review_form": forms.get("review_form") or ReviewForm(),
        "source_form": forms.get("source_form") or SourceForm(prefix="source"),
        "upload_form": UploadForm(),
        "Status": Status,
        "is_app": account.platform == Platform.MOBILE_APP,
        "SourceKind": SourceKind,
    }


def _members(account: MediaAccount) -> list[Any]:
    units = [account.host_unit_id, account.operating_unit_id]
    memberships = Membership.objects.active().filter(unit_id__in=units).select_related("user")
    return sorted({m.user for m in memberships}, key=lambda u: u.pk)


def _scorecards(account: MediaAccount) -> list[Any]:
    """The account's scorecards kept by zwgk.monitoring (newest first), for the trend."""
    from zwgk.monitoring.selectors import list_scorecards

    return list_scorecards(f"newmedia.account:{account.pk}", limit=12)


def _refused(
    request: HttpRequest, account: MediaAccount, message: str, **forms: Any
) -> HttpResponse:
    context = _detail_context(request, account, **forms)
    context["error"] = message
    return render(request, "newmedia/account_detail.html", context, status=400)


@never_cache
@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    template = "newmedia/account_detail.html"
    if request.htmx:
        template += "#activity"
    return render(request, template, _detail_context(request, account))


@never_cache
@login_required
@require_POST
def account_change(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    form = ChangeForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, account, _("Please correct the fields of the form."), change_form=form
        )
    cd = form.cleaned_data
    try:
        services.request_change(
            by=request.user,
            at=timezone.now(),
            account=account,
            changes={n: cd[n] for n in services.CHANGEABLE if n in cd},
            reason=cd["reason"],
        )
    except DomainError as error:
        return _refused(request, account, error.message, change_form=form)
    messages.success(request, _("The change was filed; the unit head agrees next."))
    return redirect("newmedia:detail", pk=pk)


def _notice_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    account = _account_or_404(request, pk)
    form = NoticeForm(request.POST, prefix=kind)
    key = f"{kind}_form"
    if not form.is_valid():
        return _refused(
            request, account, _("Please correct the fields of the form."), **{key: form}
        )
    service = services.request_closure if kind == "close" else services.request_cancellation
    try:
        service(
            by=request.user,
            at=timezone.now(),
            account=account,
            notice_url=form.cleaned_data["notice_url"],
            notice_date=form.cleaned_data["notice_date"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refused(request, account, error.message, **{key: form})
    messages.success(request, _("The filing was submitted; the unit head agrees next."))
    return redirect("newmedia:detail", pk=pk)


@never_cache
@login_required
@require_POST
def account_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice_view(request, pk, "close")


@never_cache
@login_required
@require_POST
def account_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice_view(request, pk, "cancel")


@never_cache
@login_required
@require_POST
def account_maintainer(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    members = _members(account)
    form = StaffMaintainerForm(request.POST, members=members)
    if not form.is_valid():
        return _refused(
            request, account, _("Please correct the fields of the form."), maintainer_form=form
        )
    try:
        maintainer = _maintainer(form.cleaned_data)
        chosen = form.cleaned_data.get("administrator_user")
        maintainer.administrator = next((u for u in members if u.pk == chosen), None)
        services.update_maintainer(
            by=request.user, at=timezone.now(), account=account, maintainer=maintainer
        )
    except DomainError as error:
        return _refused(request, account, error.message, maintainer_form=form)
    messages.success(request, _("The administrator and contact were updated."))
    return redirect("newmedia:detail", pk=pk)


@never_cache
@login_required
@require_POST
def filing_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        filing = selectors.get_filing(request.user, pk)
    except Filing.DoesNotExist as error:
        raise Http404 from error
    account = filing.account
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, account, _("Please choose a decision."), review_form=form)
    cd = form.cleaned_data
    at = timezone.now()
    try:
        if cd["decision"] == "agree":
            services.agree_filing(by=request.user, at=at, filing=filing)
        elif cd["decision"] == "approve":
            services.approve_filing(
                by=request.user,
                at=at,
                filing=filing,
                note=cd["note"],
                city_approval=cd["city_approval"],
            )
        else:
            services.return_filing(by=request.user, at=at, filing=filing, note=cd["note"])
    except DomainError as error:
        return _refused(request, account, error.message, review_form=form)
    messages.success(request, _("The filing decision was recorded."))
    return redirect("newmedia:detail", pk=account.pk)


# --- Exceptions -------------------------------------------------------------------------------


@login_required
def exception_create(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise Http404
    units = visible_units(request.user).active().order_by("path")
    form = ExceptionForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.approve_exception(
                    by=request.user,
                    at=timezone.now(),
                    unit=units.get(pk=cd["unit"]),
                    platform=cd["platform"],
                    reason=cd["reason"],
                    reference=cd["reference"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The exception was recorded."))
                return redirect("newmedia:list")
        else:
            form.add_error(None, _("Please correct the fields of the form."))
    approvals = DuplicateApproval.objects.filter(unit__in=units).select_related("unit", "account")
    return render(
        request,
        "newmedia/exception_form.html",
        {"form": form, "approvals": approvals.order_by("-approved_at")[:100]},
        status=status,
    )


# --- Findings ---------------------------------------------------------------------------------


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.list_findings(request.user)
    kind = request.GET.get("kind", "")
    if kind in FindingKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    template = "newmedia/finding_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"page": page, "kinds": FindingKind.choices, "kind": kind})


# --- Activity sources -------------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    form = SourceForm(request.POST, prefix="source")
    if not form.is_valid():
        return _refused(
            request, account, _("Please correct the fields of the form."), source_form=form
        )
    try:
        services.save_source(
            by=request.user, at=timezone.now(), account=account, **form.cleaned_data
        )
    except DomainError as error:
        return _refused(request, account, error.message, source_form=form)
    messages.success(request, _("The activity source was saved."))
    return redirect("newmedia:detail", pk=pk)


@never_cache
@login_required
@require_POST
def source_run(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        source = ActivitySource.objects.select_related("account").get(
            pk=pk, account__in=selectors.list_accounts(request.user)
        )
    except ActivitySource.DoesNotExist as error:
        raise Http404 from error
    account = source.account
    if not permissions.can_edit_sources(request.user, account) or source.kind == SourceKind.UPLOAD:
        return _refused(request, account, _("This source cannot be fetched from here."))
    new = run_source(source, at=timezone.now())
    source.refresh_from_db()
    messages.info(request, f"{source.last_outcome}（{new}）")
    return redirect("newmedia:detail", pk=account.pk)


@never_cache
@login_required
@require_POST
def upload_posts(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account_or_404(request, pk)
    if not permissions.can_edit_sources(request.user, account):
        return _refused(
            request, account, _("Only the host unit or the district office may upload.")
        )
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, account, _("Please choose a CSV or XLSX file."))
    upload = form.cleaned_data["file"]
    if upload.size > UPLOAD_MAX_BYTES:
        return _refused(request, account, _("The file is larger than 10 MB."))
    try:
        new = import_upload(
            by=request.user,
            at=timezone.now(),
            account=account,
            data=upload.read(),
            filename=upload.name or "",
        )
    except AdapterError as error:
        return _refused(request, account, str(error))
    messages.success(request, _("Posts imported: %(n)d new.") % {"n": new})
    return redirect("newmedia:detail", pk=pk)


# --- The 备案表 --------------------------------------------------------------------------------


@never_cache
@login_required
def export_filing_form(request: HttpRequest, fmt: str) -> HttpResponse:
    """The 备案表 of the accounts the viewer may see (or of one unit, ?unit=), XLSX or DOCX.
    It carries the administrators' and contacts' phone numbers in full (the form is for
    reaching them), so the export is audited and never cached."""
    if fmt not in ("xlsx", "docx"):
        raise Http404
    qs = selectors.list_accounts(request.user).filter(status__in=[*ACTIVE_STATUSES, Status.CLOSED])
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        qs = qs.filter(host_unit_id=int(unit_id))
    accounts = list(qs.prefetch_related("filings").order_by("host_unit__path", "platform", "name"))
    units = {a.host_unit.name for a in accounts}
    unit_label = next(iter(units)) if len(units) == 1 else _("Several units")
    now = timezone.now()
    data = filing_form.rows(accounts)
    services.record_export(by=request.user, at=now, count=len(accounts), fmt=fmt)
    if fmt == "xlsx":
        body = filing_form.to_xlsx(data, unit_label=str(unit_label), at=now)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = filing_form.to_docx(data, unit_label=str(unit_label), at=now)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=content_type)
    filename = quote(f"政务新媒体备案表-{timezone.localdate(now).isoformat()}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
