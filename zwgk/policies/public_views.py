"""The public pages of 政策直通车 (/zcztc/): the library with keyword search and filters (built
for a phone first), the policy page with the district's interpretation and 办理指南, the
subscription form (captcha, honeypot, rate limits), the confirmation and unsubscribe links, and
the RSS feeds.

Anti-abuse: a refused subscription form comes back with everything typed (except the captcha
answer) and says what to do; nothing is recorded from it. Confirmation messages to one contact
are limited (CONTACT_RATE) so the form cannot be used to flood someone's mailbox; the answer
page is the same whether a message went out or not, and whether the contact was known.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from zwgk.core import captcha, crypto, ratelimit
from zwgk.core.errors import DomainError
from zwgk.core.middleware import client_ip
from zwgk.core.public_forms import (
    HONEYPOT,
    answer_captcha,
    captcha_passed,
    no_store,
    refuse_captcha,
)
from zwgk.orgs.models import Unit
from zwgk.search.analysis import snippet

from . import selectors, services
from .contacts import ContactError, normalise_contact
from .forms import PublicFilterForm, SubscribeForm
from .models import Category, Industry, Policy

PAGE_SIZE = 20
FEED_SIZE = 30
SESSION_CAPTCHA = "policies_captcha_ok_until"
SESSION_SENT = "policies_subscribe_sent"

DEFAULT_RATES = {
    "subscribe_post": ("30/3600",),
    "subscribe_ok": ("10/3600", "30/86400"),
    "contact": ("3/86400",),
}


def rates(name: str) -> tuple[ratelimit.Rate, ...]:
    """settings.ZWGK_POLICIES_RATES overrides DEFAULT_RATES per name."""
    return ratelimit.configured("ZWGK_POLICIES_RATES", DEFAULT_RATES, name)


def _layout(title: str, *trail: tuple[str, str]) -> dict[str, Any]:
    crumbs = [{"label": _("Home"), "url": "/"}]
    crumbs += [{"label": label, "url": url} for label, url in trail]
    return {"title": title, "crumbs": crumbs}


def _library_crumb() -> tuple[str, str]:
    return (_("Policy express"), reverse("policies_public:index"))


# --- Library -------------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    filters = form.filters()
    policies = selectors.list_public_policies(filters).prefetch_related("categories")
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    highlights = filters.parsed.highlights
    rows = [
        {
            "policy": policy,
            "title": snippet(policy.title, highlights, width=200),
            "summary": snippet(policy.summary, highlights, width=90),
        }
        for policy in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = _layout(_("Policy express"), _library_crumb())
    context |= {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "filtered": form.active(),
        "nav": "zcztc",
    }
    template = "policies/public/index.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        policy = selectors.get_public_policy(pk)
    except Policy.DoesNotExist:
        raise Http404 from None
    document_url = ""
    if policy.document_id and policy.document.status == "published":
        document_url = reverse(
            "portal:document", args=[policy.document.publishing_unit.code, policy.document.pk]
        )
    context = _layout(policy.title, _library_crumb(), (policy.title, request.path))
    context |= {
        "policy": policy,
        "document_url": document_url,
        "today": timezone.localdate(),
        "nav": "zcztc",
    }
    return render(request, "policies/public/detail.html", context)


# --- Subscription ------------------------------------------------------------------------------


def _wait_message(verdict: ratelimit.Verdict) -> str:
    return _(
        "Too many subscriptions from your network in a short time. Nothing you typed is lost: "
        "please submit again in %(minutes)s minutes."
    ) % {"minutes": verdict.retry_minutes}


def _render_subscribe(
    request: HttpRequest, form: SubscribeForm, *, status: int = 200, alert: str = ""
) -> HttpResponse:
    passed = captcha_passed(request, SESSION_CAPTCHA)
    if not passed:
        form.set_challenge(captcha.new_challenge())
    context = _layout(_("Subscribe to policies"), _library_crumb(), (_("Subscribe"), "?"))
    context |= {
        "form": form,
        "alert": alert,
        "captcha_passed": passed,
        "honeypot": HONEYPOT,
        "nav": "zcztc",
    }
    response = render(request, "policies/public/subscribe.html", context, status=status)
    return no_store(response)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = SubscribeForm()
        for name in ("industries", "categories"):
            wanted = request.GET.getlist(name)[:30]
            if wanted:
                form.initial[name] = wanted
        return _render_subscribe(request, form)
    ip = client_ip(request) or "unknown"
    form = SubscribeForm(request.POST)
    verdict = ratelimit.hit_all("policies.subscribe.post", ip, rates("subscribe_post"))
    if not verdict.allowed:
        return _render_subscribe(request, form, status=429, alert=_wait_message(verdict))
    if request.POST.get(HONEYPOT, ""):
        return _render_subscribe(
            request,
            form,
            status=400,
            alert=_("The form could not be accepted as sent. Please check it and submit again."),
        )
    passed = answer_captcha(request, SESSION_CAPTCHA)
    valid = form.is_valid()
    normal = ""
    if valid:
        try:
            normal = normalise_contact(form.cleaned_data["channel"], form.cleaned_data["contact"])
        except ContactError as error:
            form.add_error("contact", str(error))
            valid = False
    if not passed:
        refuse_captcha(form)
    if not valid or not passed:
        return _render_subscribe(
            request,
            form,
            status=400,
            alert=_("The subscription was not sent. Please correct the fields marked below."),
        )
    accepted = ratelimit.check_all("policies.subscribe.ok", ip, rates("subscribe_ok"))
    if not accepted.allowed:
        return _render_subscribe(request, form, status=429, alert=_wait_message(accepted))
    data = form.cleaned_data
    channel = data["channel"]
    index = crypto.blind_index(normal, kind=f"policies.{channel}")
    per_contact = ratelimit.hit_all("policies.subscribe.contact", index, rates("contact"))
    if per_contact.allowed:
        try:
            services.request_subscription(
                at=timezone.now(),
                channel=channel,
                contact=normal,
                industries=data["industries"],
                categories=data["categories"],
                departments=data["departments"],
            )
        except DomainError as error:
            return _render_subscribe(request, form, status=400, alert=error.message)
    ratelimit.hit_all("policies.subscribe.ok", ip, rates("subscribe_ok"))
    request.session.pop(SESSION_CAPTCHA, None)
    request.session[SESSION_SENT] = channel
    return redirect("policies_public:subscribe_sent")


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    channel = request.session.get(SESSION_SENT)
    if channel is None:
        return redirect("policies_public:subscribe")
    context = _layout(_("Check your messages"), _library_crumb(), (_("Subscribe"), "?"))
    context |= {"channel": channel, "nav": "zcztc"}
    return no_store(render(request, "policies/public/sent.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (a mail scanner that follows links confirms nothing); POST
    confirms."""
    context = _layout(_("Confirm the subscription"), _library_crumb(), (_("Confirm"), "?"))
    context |= {"nav": "zcztc", "token": token, "done": False, "error": ""}
    status = 200
    if request.method == "POST":
        try:
            services.confirm_subscription(at=timezone.now(), token=token)
            context["done"] = True
        except DomainError as error:
            context["error"] = error.message
            status = 400
    return no_store(render(request, "policies/public/confirm.html", context, status=status))


@csrf_exempt  # the signed token is the authority; mail clients POST it (RFC 8058 one-click)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    context = _layout(_("Unsubscribe"), _library_crumb(), (_("Unsubscribe"), "?"))
    context |= {"nav": "zcztc", "token": token, "done": False, "error": ""}
    status = 200
    if request.method == "POST":
        try:
            services.unsubscribe(at=timezone.now(), token=token)
            context["done"] = True
        except DomainError as error:
            context["error"] = error.message
            status = 400
    return no_store(render(request, "policies/public/unsubscribe.html", context, status=status))


# --- Feeds -------------------------------------------------------------------------------------


class PolicyFeed(Feed):
    """RSS 2.0 of the published policies, all or one tag (industry, category, department)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, kind: str = "", key: str = "") -> dict[str, Any]:
        if not kind:
            return {"label": _("All policies"), "kind": "", "key": ""}
        if kind == "industry":
            industry = Industry.objects.filter(code=key).first()
            if industry is None:
                raise Http404
            return {"label": str(industry), "kind": kind, "key": industry.code}
        if kind == "category" and key.isdigit():
            category = Category.objects.filter(pk=int(key)).first()
            if category is None:
                raise Http404
            return {"label": category.name, "kind": kind, "key": category.pk}
        if kind == "department":
            unit = Unit.objects.filter(code=key).first()
            if unit is None:
                raise Http404
            return {"label": unit.name, "kind": kind, "key": unit.code}
        raise Http404

    def title(self, obj: dict[str, Any]) -> str:
        return _("Policy express: %(label)s") % {"label": obj["label"]}

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("policies_public:index")

    def description(self, obj: dict[str, Any]) -> str:
        return _("Policies for businesses and citizens, newest first.")

    def items(self, obj: dict[str, Any]) -> QuerySet[Policy]:
        filters = selectors.PublicFilters()
        if obj["kind"] == "industry":
            filters.industry = obj["key"]
        elif obj["kind"] == "category":
            filters.category = obj["key"]
        elif obj["kind"] == "department":
            filters.department = obj["key"]
        return selectors.list_public_policies(filters).order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Policy) -> str:
        return item.title

    def item_description(self, item: Policy) -> str:
        return item.summary

    def item_link(self, item: Policy) -> str:
        return reverse("policies_public:detail", args=[item.pk])

    def item_pubdate(self, item: Policy) -> Any:
        return item.published_at


policy_feed = PolicyFeed()
