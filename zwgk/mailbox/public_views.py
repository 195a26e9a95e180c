"""The citizen's mailbox pages (/xx/), dynamic next to the published static portal: the index
(mailboxes, representative letters, statistics), writing a letter (captcha, rate limits,
honeypot; nothing typed is lost when a check fails), its acknowledgement with the 查询码, the lookup
by 查询码 + the phone's last four digits, the letter with its reply and the rating, the published
letters, and the monthly and quarterly statistics.

A successful lookup grants the session access to that one letter for GRANT_SECONDS (the session
key is cycled first). A wrong code and wrong digits get the same answer; failures are limited per
address and per code, so codes cannot be enumerated. Pages with a person's letter are sent with
Cache-Control: no-store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

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

from . import selectors, services, stats
from .models import Letter, Status
from .public_forms import LetterForm, LookupForm, RatingForm

GRANT_SECONDS = 30 * 60
SESSION_CAPTCHA = "xx_captcha_ok_until"
SESSION_ACK = "xx_ack"
SESSION_GRANT = "xx_lookup"

DEFAULT_RATES = {
    "write_post": ("30/3600",),
    "write_ok": ("5/3600", "20/86400"),
    "lookup": ("20/900",),
    "lookup_fail": ("10/3600",),
    "lookup_fail_code": ("10/86400",),
    "rate": ("5/3600",),
}


def rates(name: str) -> tuple[ratelimit.Rate, ...]:
    """settings.ZWGK_MAILBOX_RATES overrides DEFAULT_RATES per name (limit/seconds)."""
    return ratelimit.configured("ZWGK_MAILBOX_RATES", DEFAULT_RATES, name)


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _layout(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    crumbs = [
        {"label": _("Home"), "url": "/"},
        {"label": _("Public mailbox"), "url": reverse("mailbox_public:index")},
    ]
    crumbs += [{"label": label, "url": url} for label, url in trail]
    return {"title": title, "crumbs": crumbs}


# --- Index ------------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    context = _layout(_("Public mailbox"))
    context["crumbs"] = [*context["crumbs"][:-1], {"label": _("Public mailbox"), "url": "?"}]
    context |= {
        "mailboxes": selectors.list_open_mailboxes(),
        "published": selectors.list_published_letters()[:10],
    }
    return render(request, "mailbox/public/index.html", context)


# --- Writing ----------------------------------------------------------------------------------


def _render_write(
    request: HttpRequest, form: LetterForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    passed = captcha_passed(request, SESSION_CAPTCHA)
    if not passed:
        form.set_challenge(captcha.new_challenge())
    form.describe()
    context = _layout(_("Write a letter"), (_("Write a letter"), "?"))
    context |= {"form": form, "alert": alert, "captcha_passed": passed, "honeypot": HONEYPOT}
    return no_store(render(request, "mailbox/public/write.html", context, status=status))


def _wait(verdict: ratelimit.Verdict) -> str:
    return _(
        "Too many letters from your network in a short time. Nothing you typed is lost: please "
        "send it again in %(minutes)s minutes."
    ) % {"minutes": verdict.retry_minutes}


@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = LetterForm()
        code = request.GET.get("to", "")
        if code in form.mailboxes:
            form.initial["mailbox"] = code
        return _render_write(request, form)
    ip = _client(request)
    form = LetterForm(request.POST)
    verdict = ratelimit.hit_all("mailbox.write.post", ip, rates("write_post"))
    if not verdict.allowed:
        return _render_write(request, form, status=429, alert=_wait(verdict))
    if request.POST.get(HONEYPOT, ""):
        return _render_write(
            request,
            form,
            status=400,
            alert=_("The letter could not be accepted as sent. Please check it and send it again."),
        )
    passed = answer_captcha(request, SESSION_CAPTCHA)
    valid = form.is_valid()
    if not passed:
        refuse_captcha(form)
    if not valid or not passed:
        return _render_write(
            request,
            form,
            status=400,
            alert=_("The letter was not sent. Please correct the fields marked below."),
        )
    accepted = ratelimit.check_all("mailbox.write.ok", ip, rates("write_ok"))
    if not accepted.allowed:
        return _render_write(request, form, status=429, alert=_wait(accepted))
    now = timezone.now()
    try:
        letter, code = services.submit_letter(
            at=now, mailbox=form.cleaned_data["mailbox"], data=form.letter_data()
        )
    except services.LetterError as error:
        add_field_errors(form, error.errors)
        return _render_write(request, form, status=400, alert=str(error))
    except DomainError as error:
        return _render_write(request, form, status=400, alert=error.message)
    ratelimit.hit_all("mailbox.write.ok", ip, rates("write_ok"))
    request.session.pop(SESSION_CAPTCHA, None)
    request.session[SESSION_ACK] = {
        "pk": letter.pk,
        "code": code,
        "number": letter.number,
        "mailbox": letter.mailbox.name,
        "workdays": letter.mailbox.reply_workdays,
        "due": letter.due_date.isoformat() if letter.due_date else "",
        "submitted": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
    }
    return redirect("mailbox_public:done")


@require_safe
def done(request: HttpRequest) -> HttpResponse:
    ack = request.session.get(SESSION_ACK)
    if not isinstance(ack, dict):
        return redirect("mailbox_public:write")
    context = _layout(_("Letter received"), (_("Write a letter"), reverse("mailbox_public:write")))
    context["ack"] = ack
    return no_store(render(request, "mailbox/public/done.html", context))


# --- Lookup, the letter, rating ----------------------------------------------------------------


def _render_lookup(
    request: HttpRequest, form: LookupForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    form.describe()
    context = _layout(_("Read the reply"), (_("Read the reply"), "?"))
    context |= {"form": form, "alert": alert}
    return no_store(render(request, "mailbox/public/lookup.html", context, status=status))


def _find(code: str, data: Mapping[str, Any]) -> int | None:
    found = services.find_letter(code, data["tail"])
    return found.pk if found is not None else None


LOOKUP = PublicLookup(
    scope="mailbox.lookup",
    rates=rates,
    normalise_code=services.normalise_lookup_code,
    find=_find,
    session_key=SESSION_GRANT,
    grant_seconds=GRANT_SECONDS,
    too_many=gettext_lazy("Too many attempts. Please try again in %(minutes)s minutes."),
    no_match=gettext_lazy(
        "No letter matches this lookup code and these digits. Please check both and try again."
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
    return redirect("mailbox_public:letter")


def _granted(request: HttpRequest) -> Letter | None:
    pk = LOOKUP.granted_pk(request)
    if pk is None:
        return None
    return (
        Letter.objects.filter(pk=pk)
        .select_related("mailbox", "handling_unit", "replied_by_unit")
        .first()
    )


def _render_letter(
    request: HttpRequest, letter: Letter, form: RatingForm | None = None, *, status: int = 200
) -> HttpResponse:
    can_rate = letter.status == Status.REPLIED and not letter.satisfaction
    if can_rate and form is None:
        form = RatingForm()
    if form is not None:
        form.describe()
    context = _layout(
        _("Your letter"),
        (_("Read the reply"), reverse("mailbox_public:lookup")),
        (_("Your letter"), "?"),
    )
    context |= {
        "letter": letter,
        "code": services.format_lookup_code(letter.lookup_code),
        "form": form if can_rate else None,
        "replied": letter.status == Status.REPLIED,
    }
    return no_store(render(request, "mailbox/public/letter.html", context, status=status))


@require_safe
def letter(request: HttpRequest) -> HttpResponse:
    found = _granted(request)
    if found is None:
        return redirect("mailbox_public:lookup")
    return _render_letter(request, found)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    found = _granted(request)
    if found is None:
        return redirect("mailbox_public:lookup")
    verdict = ratelimit.hit_all("mailbox.rate", str(found.pk), rates("rate"))
    form = RatingForm(request.POST)
    if not verdict.allowed:
        return _render_letter(request, found, form, status=429)
    if form.is_valid():
        try:
            services.rate_letter(
                at=timezone.now(),
                letter=found,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("mailbox_public:letter")
    return _render_letter(request, found, form, status=400)


# --- Published letters and statistics ----------------------------------------------------------


@require_safe
def published(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    page = Paginator(selectors.list_published_letters(), 20).get_page(request.GET.get("page"))
    context = _layout(_("Representative letters"), (_("Representative letters"), "?"))
    context["page"] = page
    return render(request, "mailbox/public/published.html", context)


@require_safe
def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.get_published_letter(pk)
    except Letter.DoesNotExist as error:
        raise Http404 from error
    context = _layout(
        found.public_subject,
        (_("Representative letters"), reverse("mailbox_public:published")),
        (found.public_subject, "?"),
    )
    context["letter"] = found
    return render(request, "mailbox/public/published_detail.html", context)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    """Statistics of every month and quarter that has ended (published once the period is
    over), computed from the letters; percentages from the counts."""
    today = timezone.localdate()
    periods = stats.ended_periods(today)
    rows = [(p, selectors.letter_counts(p, as_of=today)) for p in periods]
    context = _layout(_("Mailbox statistics"), (_("Mailbox statistics"), "?"))
    context |= {
        "months": [r for r in rows if not r[0].is_quarter],
        "quarters": [r for r in rows if r[0].is_quarter],
        "today": today,
    }
    return render(request, "mailbox/public/statistics.html", context)
