"""Staff pages of participation (/staff/participation/): consultations with their comments,
groups, adoption results and hearings; open meetings with invitations, registrations and the
outcome.

Views translate HTTP into selectors and services; another unit's object answers 404; a refused
action re-renders its page with the service's Chinese message (status 400), changing nothing.
Pages with commenters' or registrants' (masked) contact details are never cached.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from zwgk.core.errors import DomainError
from zwgk.core.masking import mask_mobile
from zwgk.orgs.permissions import memberships_of

from . import permissions, reports, selectors, services
from .forms import (
    ConsultationForm,
    DispositionForm,
    FileForm,
    GroupForm,
    HearingForm,
    InvitationForm,
    MeetingFileForm,
    MeetingForm,
    ModerationForm,
    OutcomeForm,
    RecordForm,
    ResultsForm,
    ReturnForm,
    StaffCommentForm,
)
from .models import (
    Comment,
    CommentGroup,
    Consultation,
    ConsultationFile,
    Hearing,
    Meeting,
    MeetingFile,
    MeetingStatus,
    Status,
)
from .problems import results_due
from .statute import ART15_SOURCE, ART15_TEXT, MEETING_NOTICE_TEXT, NOTICE_ADOPTION_TEXT


def _get(fn: Any, request: HttpRequest, pk: int) -> Any:
    try:
        return fn(request.user, pk)
    except (
        Consultation.DoesNotExist,
        Comment.DoesNotExist,
        CommentGroup.DoesNotExist,
        Hearing.DoesNotExist,
        Meeting.DoesNotExist,
    ) as error:
        raise Http404 from error


def _drafting_units(request: HttpRequest) -> Any:
    from zwgk.orgs.models import Unit

    ids = [
        m.unit_id
        for m in memberships_of(request.user)
        if permissions.can_draft_in(request.user, m.unit)
    ]
    return Unit.objects.filter(pk__in=ids).order_by("path")


def _partial(request: HttpRequest, template: str, name: str) -> str:
    return f"{template}#{name}" if request.htmx else template


def _mask_email(value: str) -> str:
    name, _sep, domain = value.partition("@")
    return (name[:1] + "***@" + domain) if domain else "***"


# --- Consultations ----------------------------------------------------------------------------


@login_required
@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.list_consultations(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(title__icontains=query)
    context = {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "statuses": Status.choices,
        "status": status,
        "q": query,
        "can_create": _drafting_units(request).exists(),
    }
    return render(request, _partial(request, "participation/list.html", "results"), context)


def _form_data(form: ConsultationForm) -> services.ConsultationData:
    data = {k: form.cleaned_data[k] for k in services.ConsultationData.__dataclass_fields__}
    return services.ConsultationData(**data)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    units = _drafting_units(request)
    if not units.exists():
        raise Http404
    form = ConsultationForm(
        request.POST or None,
        units=units,
        initial={"start_date": timezone.localdate(), "period_days": 30},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                c = services.create_consultation(
                    by=request.user,
                    at=timezone.now(),
                    unit=form.cleaned_data["unit"],
                    data=_form_data(form),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The draft consultation was saved."))
                return redirect("participation:detail", c.pk)
        status = 400
    context = {"form": form, "art15": ART15_TEXT, "art15_source": ART15_SOURCE}
    return render(request, "participation/consultation_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    if not permissions.can_handle(request.user, c):
        raise Http404
    units = _drafting_units(request).filter(pk=c.unit_id)
    initial = {k: getattr(c, k) for k in services.ConsultationData.__dataclass_fields__}
    form = ConsultationForm(request.POST or None, units=units, initial={**initial, "unit": c.unit})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_consultation(
                    by=request.user, at=timezone.now(), consultation=c, data=_form_data(form)
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The draft consultation was saved."))
                return redirect("participation:detail", c.pk)
        status = 400
    context = {"form": form, "consultation": c, "art15": ART15_TEXT, "art15_source": ART15_SOURCE}
    return render(request, "participation/consultation_form.html", context, status=status)


def _detail(
    request: HttpRequest, c: Consultation, *, error: str = "", status: int = 200, **forms: Any
) -> HttpResponse:
    comments = list(selectors.list_comments(c))
    handle = permissions.can_handle(request.user, c)
    context = {
        "consultation": c,
        "comments": comments,
        "groups": c.groups.prefetch_related("comments"),
        "files": c.files.all(),
        "hearings": c.hearings.all(),
        "error": error,
        "can_handle": handle,
        "can_approve": permissions.can_approve(request.user, c),
        "unanswered": services.unanswered_comments(c).count(),
        "results_due": results_due(c),
        "file_form": forms.get("file_form") or FileForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "group_form": forms.get("group_form")
        or GroupForm(numbers=[(cm.pk, str(cm.number)) for cm in comments]),
        "statuses": Status,
        "adoption_text": NOTICE_ADOPTION_TEXT,
    }
    template = _partial(request, "participation/detail.html", "comments")
    return render(request, template, context, status=status)


@never_cache
@login_required
@require_safe
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(selectors.get_consultation, request, pk))


ACTIONS = ("submit", "approve", "return")


@login_required
@require_POST
def consultation_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    if name not in ACTIONS:
        raise Http404
    now = timezone.now()
    try:
        if name == "submit":
            services.submit_consultation(by=request.user, at=now, consultation=c)
        elif name == "approve":
            services.approve_consultation(by=request.user, at=now, consultation=c)
        else:
            form = ReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.return_consultation(by=request.user, at=now, consultation=c, reason=reason)
    except DomainError as error:
        c.refresh_from_db()
        return _detail(request, c, error=str(error), status=400)
    messages.success(request, _("Done."))
    return redirect("participation:detail", c.pk)


@login_required
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(
            request, c, error=_("Please choose a file and its kind."), status=400, file_form=form
        )
    try:
        services.add_consultation_file(
            by=request.user,
            at=timezone.now(),
            consultation=c,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
        )
    except DomainError as error:
        return _detail(request, c, error=str(error), status=400, file_form=form)
    messages.success(request, _("The file was added."))
    return redirect("participation:detail", c.pk)


def _download(stored: Any, name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = ConsultationFile.objects.select_related("consultation").get(pk=pk)
        selectors.get_consultation(request.user, item.consultation_id)
    except (ConsultationFile.DoesNotExist, Consultation.DoesNotExist) as error:
        raise Http404 from error
    return _download(item.file, item.original_name, item.content_type)


# --- Comments ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    if not permissions.can_handle(request.user, c):
        raise Http404
    form = StaffCommentForm(request.POST or None, initial={"received_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            received = timezone.make_aware(datetime.combine(d["received_on"], time(12)))
            now = timezone.now()
            try:
                services.record_comment(
                    by=request.user,
                    at=now,
                    consultation=c,
                    channel=d["channel"],
                    data=services.CommentData(
                        body=d["body"],
                        author_name=d["author_name"],
                        phone=d["phone"],
                        email=d["email"],
                        address=d["address"],
                        participants=d["participants"],
                        received_at=min(received, now),
                    ),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The comment was entered."))
                return redirect("participation:detail", c.pk)
        status = 400
    return render(
        request, "participation/comment_form.html", {"form": form, "consultation": c}, status=status
    )


def _comment_page(
    request: HttpRequest, cm: Comment, *, form: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    handle = permissions.can_handle(request.user, cm.consultation)
    contact = {}
    if permissions.can_see_contact(request.user, cm.consultation):
        contact = {
            "phone": mask_mobile(cm.phone.reveal()) if cm.phone else "",
            "email": _mask_email(cm.email.reveal()) if cm.email else "",
            "address": (cm.address.reveal()[:6] + "……") if cm.address else "",
        }
    initial = {"disposition": cm.disposition, "reason": cm.reason}
    context = {
        "comment": cm,
        "consultation": cm.consultation,
        "form": form or DispositionForm(initial=initial),
        "moderation_form": ModerationForm(),
        "excerpt": reports.public_excerpt(cm.body, limit=100000),
        "contact": contact,
        "can_handle": handle,
        "error": error,
    }
    template = _partial(request, "participation/comment.html", "answer")
    response = render(request, template, context, status=status)
    return response


def _answer(
    request: HttpRequest, item: Comment | CommentGroup, page: Any, answer: Any, **target: Any
) -> HttpResponse:
    """A comment's or a group's page (`page`); a POST records its disposition (采纳, 部分采纳,
    未采纳 with a reason) through `answer`, the service for that kind of item."""
    if request.method != "POST":
        return page(request, item)
    form = DispositionForm(request.POST)
    if not form.is_valid():
        return page(request, item, form=form, status=400, error=_("Please choose a disposition."))
    try:
        answer(
            by=request.user,
            at=timezone.now(),
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
            **target,
        )
    except DomainError as error:
        return page(request, item, form=form, error=str(error), status=400)
    messages.success(request, _("The answer was saved."))
    return redirect("participation:detail", item.consultation_id)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cm = _get(selectors.get_comment, request, pk)
    return _answer(request, cm, _comment_page, services.answer_comment, comment=cm)


@never_cache
@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    cm = _get(selectors.get_comment, request, pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _comment_page(request, cm, status=400, error=_("Please choose what to do."))
    try:
        services.set_moderation(
            by=request.user,
            at=timezone.now(),
            comment=cm,
            visible=form.cleaned_data["visible"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _comment_page(request, cm, error=str(error), status=400)
    messages.success(request, _("Saved."))
    return redirect("participation:comment", cm.pk)


@login_required
@require_POST
def comment_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    """Escalate a comment to a 舆情 case (zwgk.sentiment) and open that case."""
    cm = _get(selectors.get_comment, request, pk)
    try:
        case = services.escalate_comment(by=request.user, at=timezone.now(), comment=cm)
    except DomainError as error:
        return _comment_page(request, cm, error=str(error), status=400)
    messages.success(request, _("The comment was escalated as a public-opinion case."))
    return redirect("sentiment:detail", case.pk)


@login_required
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    numbers = [(cm.pk, str(cm.number)) for cm in selectors.list_comments(c)]
    form = GroupForm(request.POST, numbers=numbers)
    if not form.is_valid():
        return _detail(
            request,
            c,
            status=400,
            group_form=form,
            error=_("Choose at least two comments and summarise them."),
        )
    try:
        group = services.group_comments(
            by=request.user,
            at=timezone.now(),
            consultation=c,
            comments=Comment.objects.filter(consultation=c, pk__in=form.cleaned_data["comments"]),
            title=form.cleaned_data["title"],
        )
    except DomainError as error:
        return _detail(request, c, error=str(error), status=400, group_form=form)
    return redirect("participation:group", group.pk)


def _group_page(
    request: HttpRequest, g: CommentGroup, *, form: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "group": g,
        "consultation": g.consultation,
        "members": g.comments.order_by("number"),
        "form": form or DispositionForm(initial={"disposition": g.disposition, "reason": g.reason}),
        "can_handle": permissions.can_handle(request.user, g.consultation),
        "error": error,
    }
    return render(
        request, _partial(request, "participation/group.html", "answer"), context, status=status
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    g = _get(selectors.get_group, request, pk)
    return _answer(request, g, _group_page, services.answer_group, group=g)


@login_required
@require_POST
def group_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    g = _get(selectors.get_group, request, pk)
    try:
        c = services.ungroup(by=request.user, at=timezone.now(), group=g)
    except DomainError as error:
        return _group_page(request, g, error=str(error), status=400)
    return redirect("participation:detail", c.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    form = ResultsForm(
        request.POST or None, initial={"decision": c.decision, "note": c.results_note}
    )
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.publish_results(
                    by=request.user,
                    at=timezone.now(),
                    consultation=c,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as e:
                error = str(e)
            else:
                messages.success(request, _("The adoption results were published."))
                return redirect("participation:detail", c.pk)
        else:
            error = _("Please fill in the decision as made.")
        status = 400
        c.refresh_from_db()
    context = {
        "consultation": c,
        "report": reports.build_report(c, for_public=False),
        "form": form,
        "error": error,
        "can_handle": permissions.can_handle(request.user, c),
    }
    return render(request, "participation/results.html", context, status=status)


# --- Hearings ---------------------------------------------------------------------------------


def _hearing_data(form: HearingForm) -> services.HearingData:
    return services.HearingData(
        **{k: form.cleaned_data[k] for k in services.HearingData.__dataclass_fields__}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(selectors.get_consultation, request, pk)
    if not permissions.can_handle(request.user, c):
        raise Http404
    form = HearingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                h = services.plan_hearing(
                    by=request.user, at=timezone.now(), consultation=c, data=_hearing_data(form)
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("participation:hearing", h.pk)
        status = 400
    return render(
        request, "participation/hearing_form.html", {"form": form, "consultation": c}, status=status
    )


def _hearing_page(
    request: HttpRequest, h: Hearing, *, form: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    initial = {k: getattr(h, k) for k in services.HearingData.__dataclass_fields__}
    context = {
        "hearing": h,
        "consultation": h.consultation,
        "form": form or HearingForm(initial=initial),
        "record_form": RecordForm(),
        "can_handle": permissions.can_handle(request.user, h.consultation),
        "error": error,
    }
    return render(request, "participation/hearing.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(selectors.get_hearing, request, pk)
    if request.method != "POST":
        return _hearing_page(request, h)
    form = HearingForm(request.POST)
    if not form.is_valid():
        return _hearing_page(
            request, h, form=form, status=400, error=_("Please correct the fields marked below.")
        )
    try:
        services.update_hearing(
            by=request.user, at=timezone.now(), hearing=h, data=_hearing_data(form)
        )
    except DomainError as error:
        return _hearing_page(request, h, form=form, error=str(error), status=400)
    return redirect("participation:hearing", h.pk)


@login_required
@require_POST
def hearing_notice(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(selectors.get_hearing, request, pk)
    try:
        services.publish_hearing_notice(by=request.user, at=timezone.now(), hearing=h)
    except DomainError as error:
        return _hearing_page(request, h, error=str(error), status=400)
    return redirect("participation:hearing", h.pk)


@login_required
@require_POST
def hearing_record(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(selectors.get_hearing, request, pk)
    form = RecordForm(request.POST, request.FILES)
    if not form.is_valid():
        return _hearing_page(
            request, h, error=_("Please choose the file of the record."), status=400
        )
    try:
        services.attach_hearing_record(
            by=request.user, at=timezone.now(), hearing=h, uploaded=form.cleaned_data["file"]
        )
    except DomainError as error:
        return _hearing_page(request, h, error=str(error), status=400)
    return redirect("participation:hearing", h.pk)


@login_required
@require_safe
def hearing_record_download(request: HttpRequest, pk: int) -> HttpResponse:
    h = _get(selectors.get_hearing, request, pk)
    if not h.record:
        raise Http404
    return _download(h.record, h.record_name, "application/octet-stream")


# --- Meetings ---------------------------------------------------------------------------------


@login_required
@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.list_meetings(request.user)
    context = {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "can_create": _drafting_units(request).exists(),
    }
    return render(request, _partial(request, "participation/meeting_list.html", "results"), context)


def _meeting_data(form: MeetingForm) -> services.MeetingData:
    return services.MeetingData(
        **{k: form.cleaned_data[k] for k in services.MeetingData.__dataclass_fields__}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    units = _drafting_units(request)
    if not units.exists():
        raise Http404
    form = MeetingForm(request.POST or None, units=units, initial={"public_seats": 10})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                m = services.create_meeting(
                    by=request.user,
                    at=timezone.now(),
                    unit=form.cleaned_data["unit"],
                    data=_meeting_data(form),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("participation:meeting_detail", m.pk)
        status = 400
    return render(
        request,
        "participation/meeting_form.html",
        {"form": form, "notice": MEETING_NOTICE_TEXT},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.get_meeting, request, pk)
    if not permissions.can_handle(request.user, m):
        raise Http404
    units = _drafting_units(request).filter(pk=m.unit_id)
    initial = {k: getattr(m, k) for k in services.MeetingData.__dataclass_fields__}
    for key in ("starts_at", "registration_closes_at"):
        initial[key] = timezone.localtime(initial[key])
    form = MeetingForm(request.POST or None, units=units, initial={**initial, "unit": m.unit})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_meeting(
                    by=request.user, at=timezone.now(), meeting=m, data=_meeting_data(form)
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect("participation:meeting_detail", m.pk)
        status = 400
    return render(
        request,
        "participation/meeting_form.html",
        {"form": form, "meeting": m, "notice": MEETING_NOTICE_TEXT},
        status=status,
    )


def _meeting_page(
    request: HttpRequest, m: Meeting, *, error: str = "", status: int = 200, **forms: Any
) -> HttpResponse:
    handle = permissions.can_handle(request.user, m)
    registrations = []
    if handle:
        registrations = [
            {"r": r, "phone": mask_mobile(r.phone.reveal())} for r in m.registrations.all()
        ]
    context = {
        "meeting": m,
        "invitations": m.invitations.all(),
        "registrations": registrations,
        "files": m.files.all(),
        "can_handle": handle,
        "invite_form": forms.get("invite_form") or InvitationForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(initial={"outcome": m.outcome}),
        "file_form": MeetingFileForm(),
        "statuses": MeetingStatus,
        "error": error,
    }
    return render(
        request,
        _partial(request, "participation/meeting.html", "invitations"),
        context,
        status=status,
    )


@never_cache
@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _get(selectors.get_meeting, request, pk))


MEETING_ACTIONS = ("announce", "mark_held")


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    m = _get(selectors.get_meeting, request, pk)
    if name not in MEETING_ACTIONS:
        raise Http404
    verb = services.announce_meeting if name == "announce" else services.mark_meeting_held
    try:
        verb(by=request.user, at=timezone.now(), meeting=m)
    except DomainError as error:
        m.refresh_from_db()
        return _meeting_page(request, m, error=str(error), status=400)
    return redirect("participation:meeting_detail", m.pk)


@login_required
@require_POST
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.get_meeting, request, pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _meeting_page(
            request, m, invite_form=form, status=400, error=_("Please fill in who is invited.")
        )
    try:
        services.invite(
            by=request.user,
            at=timezone.now(),
            meeting=m,
            group=form.cleaned_data["group"],
            name=form.cleaned_data["name"],
        )
    except DomainError as error:
        return _meeting_page(request, m, invite_form=form, error=str(error), status=400)
    if request.htmx:
        return _meeting_page(request, m)
    return redirect("participation:meeting_detail", m.pk)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.get_meeting, request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _meeting_page(
            request,
            m,
            outcome_form=form,
            status=400,
            error=_("Please fill in the matters decided."),
        )
    try:
        services.publish_meeting_outcome(
            by=request.user, at=timezone.now(), meeting=m, outcome=form.cleaned_data["outcome"]
        )
    except DomainError as error:
        m.refresh_from_db()
        return _meeting_page(request, m, outcome_form=form, error=str(error), status=400)
    return redirect("participation:meeting_detail", m.pk)


@login_required
@require_POST
def meeting_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = _get(selectors.get_meeting, request, pk)
    form = MeetingFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _meeting_page(request, m, error=_("Please choose a file."), status=400)
    try:
        services.add_meeting_file(
            by=request.user, at=timezone.now(), meeting=m, uploaded=form.cleaned_data["file"]
        )
    except DomainError as error:
        return _meeting_page(request, m, error=str(error), status=400)
    return redirect("participation:meeting_detail", m.pk)


@login_required
@require_safe
def meeting_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = MeetingFile.objects.get(pk=pk)
        selectors.get_meeting(request.user, item.meeting_id)
    except (MeetingFile.DoesNotExist, Meeting.DoesNotExist) as error:
        raise Http404 from error
    return _download(item.file, item.original_name, item.content_type)
