"""The citizen's pages of 依申请公开 (/ysqgk/), dynamic next to the published static portal:
the online application, its acknowledgement with the 查询码, the lookup by 查询码 + phone, the
case status with the reply and its letters, and the answer to a 补正 notice.

Anti-abuse never costs a genuine application: an over-limit, failed-captcha or honeypot
submission re-shows the form with everything typed (except the captcha answer) and a message
saying what to do; nothing is recorded from it. A correct captcha answer is remembered in the
session (zwgk.core.public_forms.CAPTCHA_PASS_SECONDS), so fixing a typo does not need a second
question; it is used up by the submission it let through.

A successful lookup grants the session access to that one application for GRANT_SECONDS (the
session key is cycled first). Pages with personal data or case facts are sent with
Cache-Control: no-store; letters are downloads (attachment, nosniff). A wrong code and a wrong
phone get the same answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_http_methods, require_safe

from zwgk.core import captcha, ratelimit
from zwgk.core.errors import DomainError
from zwgk.core.middleware import client_ip
from zwgk.core.public_forms import (
    HONEYPOT,
    add_field_errors,
    answer_captcha,
    captcha_passed,
    no_store,
    refuse_captcha,
)
from zwgk.core.public_lookup import PublicLookup

from . import selectors, services
from .models import DisclosureRequest, EventKind, RequestFile, Status
from .public_forms import ApplicationForm, CorrectionAnswerForm, LookupForm
from .statute import LEGAL_PERSON_GROUP, REPLY_WORKDAYS

GRANT_SECONDS = 30 * 60
SESSION_CAPTCHA = "foi_captcha_ok_until"
SESSION_ACK = "foi_ack"
SESSION_GRANT = "foi_lookup"

DEFAULT_RATES = {
    # every POST of the application form (bounds captcha guessing)
    "apply_post": ("30/3600",),
    # applications accepted from one address
    "apply_ok": ("10/3600", "30/86400"),
    # lookups from one address, and failed lookups from one address and for one code
    "lookup": ("20/900",),
    "lookup_fail": ("10/3600",),
    "lookup_fail_code": ("10/86400",),
    # corrections sent through one grant
    "correction": ("5/3600",),
}


def rates(name: str) -> tuple[ratelimit.Rate, ...]:
    """settings.ZWGK_FOI_RATES overrides DEFAULT_RATES per name, e.g.
    {"apply_ok": ("10/3600", "30/86400")} (limit/seconds)."""
    return ratelimit.configured("ZWGK_FOI_RATES", DEFAULT_RATES, name)


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _layout(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    crumbs = [{"label": _("Home"), "url": "/"}]
    crumbs += [{"label": label, "url": url} for label, url in trail]
    return {"title": title, "crumbs": crumbs}


def _wait_message(verdict: ratelimit.Verdict) -> str:
    return _(
        "Too many submissions from your network in a short time. Nothing you typed is lost: "
        "please submit again in %(minutes)s minutes, or apply by letter or in person."
    ) % {"minutes": verdict.retry_minutes}


# --- The application --------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: ApplicationForm,
    *,
    status: int = 200,
    alert: str = "",
) -> HttpResponse:
    passed = captcha_passed(request, SESSION_CAPTCHA)
    if not passed:
        form.set_challenge(captcha.new_challenge())
    uploaded = form.files.get("identity_file") if form.is_bound else None
    if uploaded is not None:
        # A browser cannot be given a file back: say so where the file is chosen.
        field = form.fields["identity_file"]
        name = str(uploaded.name or "")[:60]
        field.help_text = (
            _("The file you chose (%(name)s) was not kept: please choose it again.")
            % {"name": name}
            + " "
            + str(field.help_text)
        )
        form["identity_file"].help_text = field.help_text  # the bound field keeps a copy
    form.describe()
    context = _layout(_("Apply for government information"), (_("Apply online"), "?"))
    context |= {
        "form": form,
        "alert": alert,
        "captcha_passed": passed,
        "honeypot": HONEYPOT,
        "legal_person_group": LEGAL_PERSON_GROUP,
        "auto_confirm": getattr(settings, "ZWGK_FOI_ONLINE_AUTO_CONFIRM", False),
        "lookup_url": reverse("disclosure_requests_public:lookup"),
    }
    response = render(request, "disclosure_requests/public/apply.html", context, status=status)
    return no_store(response)


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {}
        code = request.GET.get("unit", "")
        form = ApplicationForm()
        if code in form.units:
            initial["unit"] = code
        form.initial.update(initial)
        return _render_form(request, form)

    ip = _client(request)
    form = ApplicationForm(request.POST, request.FILES)
    verdict = ratelimit.hit_all("foi.apply.post", ip, rates("apply_post"))
    if not verdict.allowed:
        return _render_form(request, form, status=429, alert=_wait_message(verdict))
    if request.POST.get(HONEYPOT, ""):
        # Bots fill every field; a person never sees this one. Still, nothing is thrown away:
        # the form comes back with everything else as typed.
        return _render_form(
            request,
            form,
            status=400,
            alert=_("The form could not be accepted as sent. Please check it and submit again."),
        )
    passed = answer_captcha(request, SESSION_CAPTCHA)
    valid = form.is_valid()
    if not passed:
        refuse_captcha(form)
    if not valid or not passed:
        return _render_form(
            request,
            form,
            status=400,
            alert=_("The application was not sent. Please correct the fields marked below."),
        )
    accepted = ratelimit.check_all("foi.apply.ok", ip, rates("apply_ok"))
    if not accepted.allowed:
        return _render_form(request, form, status=429, alert=_wait_message(accepted))
    now = timezone.now()
    try:
        with transaction.atomic():
            obj, code = services.submit_online_application(
                at=now, unit=form.cleaned_data["unit"], data=form.application_data()
            )
            upload = form.checked_upload
            if upload is not None:
                services.add_request_file(
                    by=None,
                    at=now,
                    request=obj,
                    kind=RequestFile.Kind.IDENTITY,
                    name=upload.name,
                    content=upload.data,
                    content_type=upload.content_type,
                )
    except services.ApplicationError as error:
        add_field_errors(form, error.errors)
        return _render_form(request, form, status=400, alert=str(error))
    except DomainError as error:
        return _render_form(request, form, status=400, alert=error.message)
    ratelimit.hit_all("foi.apply.ok", ip, rates("apply_ok"))
    request.session.pop(SESSION_CAPTCHA, None)
    request.session[SESSION_ACK] = {
        "pk": obj.pk,
        "code": code,
        "number": obj.number,
        "unit": obj.handling_unit.name,
        "submitted": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
    }
    return redirect("disclosure_requests_public:done")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a refused application form comes back with what was typed (a
    browser that withholds the Referer or the cookie must not cost a person their application);
    nothing is checked or recorded, and the status stays 403. Any other page gets Django's
    answer."""
    if request.method == "POST" and request.path == reverse("disclosure_requests_public:apply"):
        form = ApplicationForm(request.POST)
        return _render_form(
            request,
            form,
            status=403,
            alert=_(
                "The application was not sent: the page had expired, or your browser did not "
                "accept this site's cookie. Everything you typed is still here; please submit "
                "again (this site's cookies must be allowed; attach any file again)."
            ),
        )
    return django_csrf_failure(request, reason=reason)


@require_safe
def done(request: HttpRequest) -> HttpResponse:
    ack = request.session.get(SESSION_ACK)
    if not isinstance(ack, dict):
        return redirect("disclosure_requests_public:apply")
    obj = (
        DisclosureRequest.objects.filter(pk=ack.get("pk"))
        .only("status", "receipt_date", "reply_due_date")
        .first()
    )
    context = _layout(
        _("Application received"), (_("Apply online"), reverse("disclosure_requests_public:apply"))
    )
    context |= {
        "ack": ack,
        "confirmed": obj is not None and obj.receipt_date is not None,
        "receipt_date": obj.receipt_date if obj else None,
        "reply_due": obj.reply_due_date if obj else None,
        "reply_workdays": REPLY_WORKDAYS,
        "lookup_url": reverse("disclosure_requests_public:lookup"),
    }
    return no_store(render(request, "disclosure_requests/public/done.html", context))


# --- Lookup and status ------------------------------------------------------------------------


def _render_lookup(
    request: HttpRequest, form: LookupForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    form.describe()
    context = _layout(_("Follow your application"), (_("Follow your application"), "?"))
    context |= {
        "form": form,
        "alert": alert,
        "apply_url": reverse("disclosure_requests_public:apply"),
    }
    return no_store(
        render(request, "disclosure_requests/public/lookup.html", context, status=status)
    )


NOT_FOUND = "NOT_FOUND"


def _find(code: str, data: Mapping[str, Any]) -> int | None:
    found = selectors.lookup_request(code, data["phone"])
    return found.request_pk if found is not None else None


LOOKUP = PublicLookup(
    scope="foi.lookup",
    rates=rates,
    normalise_code=services.normalise_lookup_code,
    find=_find,
    session_key=SESSION_GRANT,
    grant_seconds=GRANT_SECONDS,
    too_many=gettext_lazy("Too many attempts. Please try again in %(minutes)s minutes."),
    no_match=gettext_lazy(
        "No application matches this lookup code and phone number. Please check both and try again."
    ),
)


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_lookup(request, LookupForm())
    form = LookupForm(request.POST)
    refusal = LOOKUP.attempt(request, form)
    if refusal is not None:
        return _render_lookup(request, form, status=refusal.status, alert=refusal.alert)
    return redirect("disclosure_requests_public:status")


def _granted(request: HttpRequest) -> DisclosureRequest | None:
    pk = LOOKUP.granted_pk(request)
    if pk is None:
        return None
    return DisclosureRequest.objects.filter(pk=pk).first()


def _status_of(obj: DisclosureRequest) -> selectors.PublicStatus | None:
    """The applicant's view of the case, through the same selector as the lookup (its phone is
    decrypted here only to re-run that selector; it is neither shown nor kept)."""
    phone = obj.phone.reveal() if obj.phone else ""
    return selectors.lookup_request(obj.lookup_code, phone)


def _letters(obj: DisclosureRequest) -> list[RequestFile]:
    """Files meant for the applicant: notices sent with a ledger event (补正告知书, 延期答复告知书
    …) and, once replied, the reply letter and the information provided."""
    files = obj.files.filter(kind__in=[RequestFile.Kind.LETTER, RequestFile.Kind.INFORMATION])
    if obj.status not in (Status.REPLIED, Status.CLOSED):
        files = files.filter(event__isnull=False, reply__isnull=True)
    return list(files.order_by("uploaded_at", "pk"))


@require_safe
def status(request: HttpRequest) -> HttpResponse:
    obj = _granted(request)
    found = _status_of(obj) if obj is not None else None
    if obj is None or found is None:
        return redirect("disclosure_requests_public:lookup")
    context = _layout(
        _("Your application"),
        (_("Follow your application"), reverse("disclosure_requests_public:lookup")),
        (_("Your application"), "?"),
    )
    context |= {
        "status": found,
        "letters": _letters(obj),
        "correction_form": CorrectionAnswerForm() if obj.status == Status.CORRECTION else None,
        "reply_workdays": REPLY_WORKDAYS,
    }
    if context["correction_form"] is not None:
        context["correction_form"].describe()
    return no_store(render(request, "disclosure_requests/public/status.html", context))


@require_safe
def letter(request: HttpRequest, file_pk: int) -> HttpResponse:
    obj = _granted(request)
    if obj is None:
        raise Http404
    record = next((f for f in _letters(obj) if f.pk == file_pk), None)
    if record is None:
        raise Http404
    data = services.read_request_file(record)
    response = HttpResponse(data, content_type=record.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, record.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return no_store(response)


@require_http_methods(["POST"])
def correction(request: HttpRequest) -> HttpResponse:
    obj = _granted(request)
    if obj is None:
        return redirect("disclosure_requests_public:lookup")
    if obj.status != Status.CORRECTION:
        messages.info(request, _("This application is not waiting for a correction."))
        return redirect("disclosure_requests_public:status")
    form = CorrectionAnswerForm(request.POST, request.FILES)
    verdict = ratelimit.hit_all("foi.correction", str(obj.pk), rates("correction"))
    alert = ""
    if not verdict.allowed:
        alert = _("Too many attempts. Please try again in %(minutes)s minutes.") % {
            "minutes": verdict.retry_minutes
        }
    elif form.is_valid():
        now = timezone.now()
        try:
            with transaction.atomic():
                services.receive_correction(
                    by=None,
                    at=now,
                    request=obj,
                    received_on=timezone.localdate(now),
                    note=_correction_note(form.cleaned_data),
                )
                upload = form.checked_upload
                if upload is not None:
                    event = obj.events.filter(kind=EventKind.CORRECTION_RECEIVED).last()
                    # Stored like an identity document (encrypted): a 补正 is most often one.
                    services.add_request_file(
                        by=None,
                        at=now,
                        request=obj,
                        kind=RequestFile.Kind.IDENTITY,
                        name=upload.name,
                        content=upload.data,
                        content_type=upload.content_type,
                        event=event,
                    )
        except DomainError as error:
            alert = error.message
        else:
            messages.success(
                request,
                _(
                    "Your correction has been received. The %(days)s working days for the reply "
                    "count again from today."
                )
                % {"days": REPLY_WORKDAYS},
            )
            return redirect("disclosure_requests_public:status")
    found = _status_of(obj)
    if found is None:
        return redirect("disclosure_requests_public:lookup")
    form.describe()
    context = _layout(
        _("Your application"),
        (_("Follow your application"), reverse("disclosure_requests_public:lookup")),
        (_("Your application"), "?"),
    )
    context |= {
        "status": found,
        "letters": _letters(obj),
        "correction_form": form,
        "correction_alert": alert or _("The correction was not sent. Please see below."),
        "reply_workdays": REPLY_WORKDAYS,
    }
    code = 429 if not verdict.allowed else 400
    return no_store(render(request, "disclosure_requests/public/status.html", context, status=code))


def _correction_note(data: dict[str, Any]) -> str:
    parts = [text.strip() for text in (data.get("description", ""), data.get("note", "")) if text]
    parts = [text for text in parts if text]
    return (
        "申请人通过网站提交补正：\n" + "\n\n".join(parts)
        if parts
        else "申请人通过网站提交补正材料。"
    )
