"""Staff pages of the mailbox: letters (list, case page with one form per allowed step, audited
reveal of the writer's contact data), 件件有回音 (unanswered letters by unit and age), statistics
with XLSX export, mailbox settings (district office), and messages left on sites and accounts
(list, entry, import, answer, escalation).

Another unit's letter or message answers 404; a refused step re-renders the page with the
service's Chinese message (status 400), changing nothing. Pages that show a writer's details are
sent with Cache-Control: no-store.
"""

from __future__ import annotations

import io
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
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.permissions import is_staff_member, is_supervisor, visible_units

from . import importer, permissions, selectors, services, stats
from .forms import (
    AnswerForm,
    ApproveForm,
    EscalateForm,
    ImportForm,
    MailboxForm,
    MessageForm,
    PublishForm,
    ReplyForm,
    ReturnForm,
    TransferForm,
    UnpublishForm,
)
from .models import Letter, Mailbox, Message, Status


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


def _letter_or_404(request: HttpRequest, pk: int) -> Letter:
    try:
        return selectors.get_letter(request.user, pk)
    except Letter.DoesNotExist as error:
        raise Http404 from error


def _units(request: HttpRequest) -> Any:
    return visible_units(request.user).filter(is_active=True).order_by("path")


# --- Letters ----------------------------------------------------------------------------------


@never_cache
@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    qs = selectors.list_letters(request.user)
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
        qs = qs.filter(Q(number__icontains=query) | Q(subject__icontains=query))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "units": _units(request),
        "unit_id": unit_id,
        "q": query,
        "overdue": overdue,
        "today": today,
        "is_supervisor": is_supervisor(request.user),
    }
    template = "mailbox/letter_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


ACTIONS: dict[str, tuple[type[django_forms.Form], Any]] = {
    "transfer": (
        TransferForm,
        lambda u, letter: (
            permissions.can_transfer_letter(u, letter) and letter.status == Status.OPEN
        ),
    ),
    "reply": (
        ReplyForm,
        lambda u, letter: permissions.can_handle_letter(u, letter) and letter.status == Status.OPEN,
    ),
    "approve": (
        ApproveForm,
        lambda u, letter: (
            permissions.can_approve_reply(u, letter) and letter.status == Status.REVIEW
        ),
    ),
    "return": (
        ReturnForm,
        lambda u, letter: (
            permissions.can_approve_reply(u, letter) and letter.status == Status.REVIEW
        ),
    ),
    "publish": (
        PublishForm,
        lambda u, letter: (
            permissions.can_publish_letter(u, letter)
            and letter.status == Status.REPLIED
            and letter.consents_to_publication
        ),
    ),
    "unpublish": (
        UnpublishForm,
        lambda u, letter: permissions.can_publish_letter(u, letter) and letter.is_published,
    ),
    "escalate": (
        EscalateForm,
        lambda u, letter: (
            permissions.can_handle_letter(u, letter) or permissions.can_transfer_letter(u, letter)
        ),
    ),
}


def _form(request: HttpRequest, letter: Letter, name: str, data: Any = None) -> Any:
    form_class, _allowed = ACTIONS[name]
    kwargs: dict[str, Any] = {"prefix": name}
    if name == "transfer":
        kwargs["units"] = _units(request).exclude(pk=letter.handling_unit_id)
    if data is None:
        if name == "reply":
            kwargs["initial"] = {"text": letter.draft_reply}
        if name == "publish":
            kwargs["initial"] = {
                "subject": letter.public_subject or letter.subject,
                "body": letter.public_body or letter.body,
                "reply": letter.public_reply or letter.reply_body,
            }
        return form_class(**kwargs)
    return form_class(data, **kwargs)


def _detail_context(
    request: HttpRequest, letter: Letter, *, bound: dict | None = None, revealed: dict | None = None
) -> dict[str, Any]:
    bound = bound or {}
    forms = {
        name: bound.get(name) or _form(request, letter, name)
        for name, (_cls, allowed) in ACTIONS.items()
        if allowed(request.user, letter)
    }
    findings = []
    if letter.status == Status.REVIEW and letter.draft_reply:
        from zwgk.contentcheck.selectors import get_checker

        findings = get_checker().check(letter.draft_reply)
    return {
        "letter": letter,
        "events": list(letter.events.select_related("by", "from_unit", "to_unit")),
        "forms": forms,
        "findings": findings,
        "today": timezone.localdate(),
        "can_reveal": permissions.can_reveal_personal_data(request.user, letter),
        "revealed": revealed or {},
        "sentiment_case": _case_of(letter),
    }


def _case_of(letter: Letter) -> Any:
    from zwgk.sentiment.models import Case

    return Case.objects.filter(source=f"mailbox.letter:{letter.pk}").order_by("-pk").first()


@never_cache
@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    return render(request, "mailbox/letter_detail.html", _detail_context(request, letter))


def _run(request: HttpRequest, letter: Letter, name: str, cd: dict[str, Any]) -> Any:
    now, by = timezone.now(), request.user
    if name == "transfer":
        return services.transfer_letter(
            by=by, at=now, letter=letter, unit=cd["unit"], reason=cd["reason"]
        )
    if name == "reply":
        return services.submit_reply(by=by, at=now, letter=letter, text=cd["text"])
    if name == "approve":
        return services.approve_reply(by=by, at=now, letter=letter)
    if name == "return":
        return services.return_reply(by=by, at=now, letter=letter, reason=cd["reason"])
    if name == "publish":
        return services.publish_letter(
            by=by, at=now, letter=letter, subject=cd["subject"], body=cd["body"], reply=cd["reply"]
        )
    if name == "unpublish":
        return services.unpublish_letter(by=by, at=now, letter=letter, reason=cd["reason"])
    return services.escalate_letter(by=by, at=now, letter=letter)


@never_cache
@login_required
@require_POST
def letter_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    if name not in ACTIONS:
        raise Http404
    form = _form(request, letter, name, request.POST)
    if form.is_valid():
        try:
            result = _run(request, letter, name, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if name == "escalate":
                messages.success(request, _("Public-opinion case opened."))
                return redirect("sentiment:detail", pk=result.pk)
            messages.success(request, _("Saved."))
            return redirect("mailbox:detail", pk=letter.pk)
    letter.refresh_from_db()
    context = _detail_context(request, letter, bound={name: form})
    context["refused"] = name
    return render(request, "mailbox/letter_detail.html", context, status=400)


@never_cache
@login_required
@require_POST
def reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    letter = _letter_or_404(request, pk)
    if field not in services.PERSONAL_FIELDS:
        raise Http404
    try:
        value = services.reveal_personal_data(
            by=request.user, at=timezone.now(), letter=letter, field=field
        )
    except DomainError as error:
        context = _detail_context(request, letter)
        context["reveal_error"] = error.message
        return render(request, "mailbox/letter_detail.html", context, status=400)
    if request.htmx:
        return render(request, "mailbox/_reveal.html", {"value": value})
    context = _detail_context(request, letter, revealed={field: value})
    return render(request, "mailbox/letter_detail.html", context)


@login_required
def unanswered(request: HttpRequest) -> HttpResponse:
    """件件有回音: every letter without a reply, by unit and age."""
    _staff_only(request)
    today = timezone.localdate()
    rows = selectors.unanswered_by_unit(request.user, today)
    context = {
        "rows": rows,
        "buckets": [selectors.bucket_label(lo, hi) for lo, hi in selectors.AGE_BUCKETS],
        "today": today,
        "total": sum(r.total for r in rows),
        "overdue": sum(r.overdue for r in rows),
    }
    return render(request, "mailbox/unanswered.html", context)


# --- Statistics -------------------------------------------------------------------------------


def _period(request: HttpRequest) -> stats.Period:
    today = timezone.localdate()
    period = stats.parse_period(request.GET.get("period", ""))
    return period or stats.month(today.year, today.month)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    today = timezone.localdate()
    period = _period(request)
    rows = selectors.letter_counts_by_unit(request.user, period, as_of=today)
    total = selectors.letter_counts(period, as_of=today, units=visible_units(request.user))
    context = {
        "period": period,
        "periods": [stats.month(today.year, today.month), *stats.ended_periods(today)],
        "rows": rows,
        "total": total,
        "today": today,
    }
    template = "mailbox/statistics.html"
    if request.htmx:
        template += "#table"
    return render(request, template, context)


HEADER = [
    "单位",
    "收到",
    "已答复",
    "按时答复",
    "逾期",
    "答复率(%)",
    "按时答复率(%)",
    "评价数",
    "满意",
    "基本满意",
    "不满意",
    "满意率(%)",
]


def _row(label: str, c: stats.Counts) -> list[Any]:
    def pct(value: Any) -> Any:
        return float(value) if value is not None else "—"

    return [
        label,
        c.received,
        c.answered,
        c.answered_in_time,
        c.overdue,
        pct(c.answered_rate),
        pct(c.in_time_rate),
        c.rated,
        c.satisfied,
        c.basically,
        c.unsatisfied,
        pct(c.satisfaction_rate),
    ]


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    from openpyxl import Workbook

    today = timezone.localdate()
    period = _period(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = period.key
    sheet.append([f"信箱办理统计 {period.label}（截至{today.isoformat()}）"])
    sheet.append(HEADER)
    for unit, counts in selectors.letter_counts_by_unit(request.user, period, as_of=today):
        sheet.append(_row(unit.name, counts))
    total = selectors.letter_counts(period, as_of=today, units=visible_units(request.user))
    sheet.append(_row("合计", total))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="mailbox-{period.key}.xlsx"'
    return response


# --- Mailboxes (district office) ---------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_mailboxes(request.user):
        raise Http404


@login_required
def mailbox_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return render(
        request, "mailbox/mailbox_list.html", {"mailboxes": selectors.list_mailboxes(request.user)}
    )


def _mailbox_data(cd: dict[str, Any]) -> services.MailboxData:
    return services.MailboxData(
        code=cd["code"],
        name=cd["name"],
        owner_unit=cd["owner_unit"],
        description=cd["description"],
        reply_workdays=cd["reply_workdays"],
        is_active=cd["is_active"],
        order=cd["order"] if cd["order"] is not None else 100,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mailbox_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_manager(request)
    mailbox = None
    initial: dict[str, Any] = {"reply_workdays": 5, "is_active": True, "order": 100}
    if pk is not None:
        try:
            mailbox = selectors.get_mailbox(request.user, pk)
        except Mailbox.DoesNotExist as error:
            raise Http404 from error
        initial = {
            f: getattr(mailbox, f)
            for f in (
                "code",
                "name",
                "owner_unit",
                "description",
                "reply_workdays",
                "is_active",
                "order",
            )
        }
    form = MailboxForm(request.POST or None, units=_units(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mailbox(
                by=request.user,
                at=timezone.now(),
                data=_mailbox_data(form.cleaned_data),
                mailbox=mailbox,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Mailbox saved."))
            return redirect("mailbox:mailboxes")
    return render(
        request,
        "mailbox/mailbox_form.html",
        {"form": form, "mailbox": mailbox},
        status=400 if form.errors else 200,
    )


# --- Messages ---------------------------------------------------------------------------------


def _message_units(request: HttpRequest) -> Any:
    ids = [u.pk for u in _units(request) if permissions.can_record_messages_in(request.user, u)]
    return _units(request).filter(pk__in=ids)


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    qs = selectors.list_messages(request.user)
    state = request.GET.get("state", "")
    if state == "open":
        qs = qs.filter(answered_at__isnull=True)
    elif state == "answered":
        qs = qs.filter(answered_at__isnull=False)
    channel = request.GET.get("channel", "").strip()[:80]
    if channel:
        qs = qs.filter(channel=channel)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "channel": channel,
        "now": timezone.now(),
        "can_record": _message_units(request).exists(),
    }
    template = "mailbox/message_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def message_create(request: HttpRequest) -> HttpResponse:
    units = _message_units(request)
    if not units.exists():
        raise Http404
    form = MessageForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            message = services.record_message(
                by=request.user,
                at=timezone.now(),
                unit=cd["unit"],
                data=services.MessageData(
                    channel=cd["channel"],
                    channel_label=cd["channel_label"],
                    content=cd["content"],
                    left_at=cd["left_at"],
                    author=cd["author"],
                    external_id=cd["external_id"],
                    answer=cd["answer"],
                    answered_at=cd["answered_at"],
                    answered_by_label=cd["answered_by_label"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Message recorded."))
            return redirect("mailbox:message_detail", pk=message.pk)
    return render(
        request, "mailbox/message_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_import(request: HttpRequest) -> HttpResponse:
    units = _message_units(request)
    if not units.exists():
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        upload = cd["file"]
        try:
            data = upload.read(importer.MESSAGE_TABLE.max_file_bytes + 1)
            result = importer.import_messages(
                by=request.user,
                at=timezone.now(),
                unit=cd["unit"],
                channel=cd["channel"],
                channel_label=cd["channel_label"],
                data=data,
                filename=upload.name or "",
            )
        except importer.MessageImportError as error:
            form.add_error(None, error.message)
            errors = error.errors
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(imported)d messages imported, %(skipped)d already recorded.")
                % {"imported": result.imported, "skipped": result.skipped},
            )
            return redirect("mailbox:messages")
    return render(
        request,
        "mailbox/message_import.html",
        {"form": form, "errors": errors, "columns": importer.COLUMNS},
        status=400 if form.errors else 200,
    )


def _message_or_404(request: HttpRequest, pk: int) -> Message:
    try:
        return selectors.get_message(request.user, pk)
    except Message.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request, pk)
    can_answer = permissions.can_answer_message(request.user, message) and not message.is_answered
    form = None
    if can_answer:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = AnswerForm(request.POST or None, initial={"answered_at": now})
    if request.method == "POST":
        if form is None:
            return render(
                request,
                "mailbox/message_detail.html",
                {
                    "message": message,
                    "form": None,
                    "error": _("This message cannot be answered here."),
                },
                status=400,
            )
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.answer_message(
                    by=request.user,
                    at=timezone.now(),
                    message=message,
                    answer=cd["answer"],
                    answered_at=cd["answered_at"],
                    answered_by_label=cd["answered_by_label"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Answer recorded."))
                return redirect("mailbox:message_detail", pk=message.pk)
    return render(
        request,
        "mailbox/message_detail.html",
        {"message": message, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def message_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request, pk)
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "mailbox/message_detail.html",
            {"message": message, "form": None, "error": _("Please confirm the escalation.")},
            status=400,
        )
    try:
        case = services.escalate_message(by=request.user, at=timezone.now(), message=message)
    except DomainError as error:
        return render(
            request,
            "mailbox/message_detail.html",
            {"message": message, "form": None, "error": error.message},
            status=400,
        )
    messages.success(request, _("Public-opinion case opened."))
    return redirect("sentiment:detail", pk=case.pk)
