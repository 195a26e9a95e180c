"""The district office's audit viewer: list with filters, one event, CSV export.

Viewing is not audited per page view; exporting is ("core.audit.exported"), because an export
leaves the system. Who may look is decided by `policy.VIEW_AUDIT` (registered by orgs); anyone
else gets 404, anonymous visitors the login page.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import audit, audit_labels, audit_selectors, policy
from .audit_forms import AuditFilterForm
from .models import AuditEvent

PAGE_SIZE = 50
EXPORT_ACTION = "core.audit.exported"

View = Callable[..., HttpResponseBase]


def audit_viewer_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not policy.allows(policy.VIEW_AUDIT, request.user):
            raise Http404
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


# --- Presentation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value or "—"
    return json.dumps(value, ensure_ascii=False)


def changes_of(event: AuditEvent) -> list[Change]:
    """before → after for each field whose value differs (masked values, as recorded)."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    names = list(before) + [name for name in after if name not in before]
    return [
        Change(name, _show(before.get(name)), _show(after.get(name)))
        for name in names
        if before.get(name) != after.get(name)
    ]


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    time: str
    label: str
    changes: list[Change]


def _row(event: AuditEvent) -> EventRow:
    return EventRow(
        event=event,
        time=audit.format_time(event.occurred_at),
        label=audit_labels.label_for(event.action),
        changes=changes_of(event),
    )


# --- Views -------------------------------------------------------------------------------------


@require_GET
@audit_viewer_only
def audit_list(request: HttpRequest) -> HttpResponse:
    htmx = bool(getattr(request, "htmx", False))
    form = AuditFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "page": None, "rows": [], "query": ""}
    status = 200
    if form.is_valid():
        page = Paginator(audit_selectors.list_events(form.criteria()), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(
            page=page,
            rows=[_row(event) for event in page.object_list],
            filters=form.query_items(),
        )
    elif not htmx:
        status = 400  # htmx 2 does not swap a 4xx answer: its partial carries the errors
    template = "core/audit_list.html#results" if htmx else "core/audit_list.html"
    return render(request, template, context, status=status)


@require_GET
@audit_viewer_only
def audit_detail(request: HttpRequest, seq: int) -> HttpResponse:
    try:
        event = audit_selectors.get_event(seq)
    except AuditEvent.DoesNotExist as error:
        raise Http404 from error
    return render(request, "core/audit_detail.html", {"row": _row(event)})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else value if isinstance(value, str) else _show(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs recognise UTF-8
    yield writer.writerow(
        [
            _("No."),
            _("Time"),
            _("Person"),
            _("Unit"),
            _("IP address"),
            _("Action"),
            _("Action code"),
            _("Outcome"),
            _("Target type"),
            _("Target ID"),
            _("Target"),
            _("Before"),
            _("After"),
            _("Hash"),
        ]
    )
    for event in events:
        yield writer.writerow(
            _cell(value)
            for value in (
                str(event.seq),
                audit.format_time(event.occurred_at),
                event.actor_label,
                event.unit_label,
                event.ip or "",
                audit_labels.label_for(event.action),
                event.action,
                event.outcome,
                event.target_type,
                event.target_id,
                event.target_label,
                event.before,
                event.after,
                event.hash,
            )
        )


@require_POST
@audit_viewer_only
def audit_export(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "core/audit_list.html",
            {"form": form, "page": None, "rows": []},
            status=400,
        )
    now = timezone.now()
    events = audit_selectors.list_events(form.criteria())
    # The export covers the trail as it stands now, not the row that records the export.
    upto = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
    events = events.filter(seq__lte=upto)
    with transaction.atomic():
        count = events.count()
        audit.record(
            action=EXPORT_ACTION,
            by=request.user,
            at=now,
            target_type="core.auditevent",
            target_label=_("Audit log"),
            after={"filters": dict(form.query_items()), "rows": count, "up_to_seq": upto},
        )
    filename = f"audit-{timezone.localtime(now):%Y%m%d-%H%M%S}.csv"
    response = StreamingHttpResponse(
        _csv_lines(events.order_by("seq").iterator(chunk_size=2000)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
