"""The citizen's pages of participation (/hdjl/), dynamic next to the published static portal:
the open consultations, a consultation with its draft, background, basis and main content and
the comment form while the period runs, the published 意见采纳情况, and open meetings with
their agenda, invitations, registration form and the published 议定事项.

Anti-abuse as on /ysqgk/: CSRF, the self-hosted captcha (remembered in the session for
zwgk.core.public_forms.CAPTCHA_PASS_SECONDS), a honeypot and per-address rate limits; a refused
submission re-shows everything typed (except the captcha answer) with a message and records
nothing. Pages with a form are sent with Cache-Control: no-store (they echo what was typed).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from zwgk.core import captcha, ratelimit
from zwgk.core.errors import DomainError
from zwgk.core.middleware import client_ip
from zwgk.core.public_forms import (
    HONEYPOT,
    answer_captcha,
    captcha_passed,
    no_store,
    refuse_captcha,
)

from . import reports, selectors, services
from .models import Consultation, ConsultationFile, Meeting, MeetingFile, MeetingStatus, Status
from .public_forms import CommentForm, RegistrationForm
from .statute import ART15_SOURCE, ART15_TEXT, NOTICE_ADOPTION_TEXT, NOTICE_SOURCE

SESSION_CAPTCHA = "hdjl_captcha_ok_until"
SESSION_DONE = "hdjl_done"

DEFAULT_RATES = {
    "post": ("30/3600",),  # every POST of a form from one address (bounds captcha guessing)
    "comment_ok": ("10/3600", "50/86400"),  # comments accepted from one address
    "register_ok": ("5/3600", "20/86400"),  # registrations accepted from one address
}


def rates(name: str) -> tuple[ratelimit.Rate, ...]:
    """settings.ZWGK_PARTICIPATION_RATES overrides DEFAULT_RATES per name."""
    return ratelimit.configured("ZWGK_PARTICIPATION_RATES", DEFAULT_RATES, name)


def _layout(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    crumbs = [
        {"label": _("Home"), "url": "/"},
        {"label": _("Public participation"), "url": reverse("participation_public:index")},
    ]
    crumbs += [{"label": label, "url": url} for label, url in trail]
    return {"title": title, "crumbs": crumbs}


def _wait_message(verdict: ratelimit.Verdict) -> str:
    return _(
        "Too many submissions from your network in a short time. Nothing you typed is lost: "
        "please submit again in %(minutes)s minutes."
    ) % {"minutes": verdict.retry_minutes}


def _check_submission(request: HttpRequest, form: Any) -> tuple[bool, int, str]:
    """Rate limit, honeypot, captcha and the form's own validation: (ok, status, alert)."""
    verdict = ratelimit.hit_all(
        "participation.post", client_ip(request) or "unknown", rates("post")
    )
    if not verdict.allowed:
        form.is_valid()
        return False, 429, _wait_message(verdict)
    if request.POST.get(HONEYPOT, ""):
        form.is_valid()
        return (
            False,
            400,
            _("The form could not be accepted as sent. Please check it and submit again."),
        )
    passed = answer_captcha(request, SESSION_CAPTCHA)
    valid = form.is_valid()
    if not passed:
        refuse_captcha(form)
    if not valid or not passed:
        return False, 400, _("Nothing was sent. Please correct the fields marked below.")
    return True, 200, ""


def _use_up_captcha(request: HttpRequest) -> None:
    request.session.pop(SESSION_CAPTCHA, None)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    consultations = selectors.list_public_consultations()
    context = _layout(_("Public participation"))
    context |= {
        "open": consultations.filter(status=Status.OPEN).order_by("end_date"),
        "closed": consultations.exclude(status=Status.OPEN).order_by("-end_date")[:50],
        "meetings": selectors.list_public_meetings()[:50],
    }
    return render(request, "participation/public/index.html", context)


def _consultation_or_404(pk: int) -> Consultation:
    try:
        return selectors.get_public_consultation(pk)
    except Consultation.DoesNotExist as error:
        raise Http404 from error


def _render_consultation(
    request: HttpRequest,
    c: Consultation,
    form: CommentForm | None,
    *,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    is_open = c.status == Status.OPEN and c.start_date <= today <= c.end_date
    passed = captcha_passed(request, SESSION_CAPTCHA)
    if is_open:
        form = form or CommentForm()
        if not passed:
            form.set_challenge(captcha.new_challenge())
        form.describe()
    context = _layout(c.title)
    context |= {
        "c": c,
        "files": c.files.exclude(kind=ConsultationFile.Kind.DECISION),
        "hearings": selectors.public_hearings(c),
        "is_open": is_open,
        "form": form if is_open else None,
        "alert": alert,
        "captcha_passed": passed,
        "honeypot": HONEYPOT,
        "art15": ART15_TEXT,
        "art15_source": ART15_SOURCE,
    }
    return no_store(
        render(request, "participation/public/consultation.html", context, status=status)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation_or_404(pk)
    if request.method != "POST":
        return _render_consultation(request, c, None)
    if c.status != Status.OPEN:
        return _render_consultation(
            request, c, None, status=400, alert=_("The comment period is over.")
        )
    form = CommentForm(request.POST)
    ok, status, alert = _check_submission(request, form)
    if not ok:
        return _render_consultation(request, c, form, status=status, alert=alert)
    ip = client_ip(request) or "unknown"
    accepted = ratelimit.check_all("participation.comment.ok", ip, rates("comment_ok"))
    if not accepted.allowed:
        return _render_consultation(request, c, form, status=429, alert=_wait_message(accepted))
    d = form.cleaned_data
    try:
        comment = services.submit_public_comment(
            at=timezone.now(),
            consultation=c,
            data=services.CommentData(
                body=d["body"], author_name=d["author_name"], phone=d["phone"], email=d["email"]
            ),
        )
    except DomainError as error:
        return _render_consultation(request, c, form, status=400, alert=str(error))
    ratelimit.hit_all("participation.comment.ok", ip, rates("comment_ok"))
    _use_up_captcha(request)
    request.session[SESSION_DONE] = {"consultation": c.pk, "number": comment.number}
    return redirect("participation_public:comment_done", c.pk)


@require_safe
def comment_done(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation_or_404(pk)
    done = request.session.get(SESSION_DONE) or {}
    if done.get("consultation") != c.pk:
        return redirect("participation_public:consultation", c.pk)
    context = _layout(
        _("Thank you for your comment"),
        (c.title, reverse("participation_public:consultation", args=[c.pk])),
    )
    context |= {"c": c, "number": done.get("number")}
    return no_store(render(request, "participation/public/comment_done.html", context))


@require_safe
def consultation_results(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        c = selectors.get_published_results(pk)
    except Consultation.DoesNotExist as error:
        raise Http404 from error
    context = _layout(
        _("Adoption of public comments"),
        (c.title, reverse("participation_public:consultation", args=[c.pk])),
    )
    context |= {
        "c": c,
        "report": reports.build_report(c),
        "decision_files": c.files.filter(kind=ConsultationFile.Kind.DECISION),
        "notice_text": NOTICE_ADOPTION_TEXT,
        "notice_source": NOTICE_SOURCE,
    }
    return render(request, "participation/public/results.html", context)


@require_safe
def consultation_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    c = _consultation_or_404(pk)
    try:
        item = c.files.get(pk=file_pk)
    except ConsultationFile.DoesNotExist as error:
        raise Http404 from error
    if item.kind == ConsultationFile.Kind.DECISION and c.status != Status.RESULTS_PUBLISHED:
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Meetings ---------------------------------------------------------------------------------


def _meeting_or_404(pk: int) -> Meeting:
    try:
        return selectors.get_public_meeting(pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


def _render_meeting(
    request: HttpRequest,
    m: Meeting,
    form: RegistrationForm | None,
    *,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    now = timezone.now()
    can_register = (
        m.status == MeetingStatus.ANNOUNCED and now < m.registration_closes_at and m.seats_left > 0
    )
    passed = captcha_passed(request, SESSION_CAPTCHA)
    if can_register:
        form = form or RegistrationForm()
        if not passed:
            form.set_challenge(captcha.new_challenge())
        form.describe()
    context = _layout(m.title)
    context |= {
        "m": m,
        "invitations": m.invitations.all(),
        "files": m.files.all() if m.status == MeetingStatus.OUTCOME_PUBLISHED else [],
        "can_register": can_register,
        "form": form if can_register else None,
        "alert": alert,
        "captcha_passed": passed,
        "honeypot": HONEYPOT,
    }
    return no_store(render(request, "participation/public/meeting.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(pk)
    if request.method != "POST":
        return _render_meeting(request, m, None)
    form = RegistrationForm(request.POST)
    ok, status, alert = _check_submission(request, form)
    if not ok:
        return _render_meeting(request, m, form, status=status, alert=alert)
    ip = client_ip(request) or "unknown"
    accepted = ratelimit.check_all("participation.register.ok", ip, rates("register_ok"))
    if not accepted.allowed:
        return _render_meeting(request, m, form, status=429, alert=_wait_message(accepted))
    d = form.cleaned_data
    try:
        reg = services.register_for_meeting(
            at=timezone.now(),
            meeting=m,
            data=services.RegistrationData(
                group=d["group"], name=d["name"], phone=d["phone"], note=d["note"]
            ),
        )
    except DomainError as error:
        m.refresh_from_db()
        return _render_meeting(request, m, form, status=400, alert=str(error))
    ratelimit.hit_all("participation.register.ok", ip, rates("register_ok"))
    _use_up_captcha(request)
    request.session[SESSION_DONE] = {"meeting": m.pk, "number": reg.number}
    return redirect("participation_public:meeting_done", m.pk)


@require_safe
def meeting_done(request: HttpRequest, pk: int) -> HttpResponse:
    m = _meeting_or_404(pk)
    done = request.session.get(SESSION_DONE) or {}
    if done.get("meeting") != m.pk:
        return redirect("participation_public:meeting", m.pk)
    context = _layout(
        _("You are registered"), (m.title, reverse("participation_public:meeting", args=[m.pk]))
    )
    context |= {"m": m, "number": done.get("number")}
    return no_store(render(request, "participation/public/meeting_done.html", context))


@require_safe
def meeting_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    m = _meeting_or_404(pk)
    if m.status != MeetingStatus.OUTCOME_PUBLISHED:
        raise Http404
    try:
        item = m.files.get(pk=file_pk)
    except MeetingFile.DoesNotExist as error:
        raise Http404 from error
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
