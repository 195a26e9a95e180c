"""Staff pages for the letters of a case: the list of letters the case calls for (issued ones with
their DOCX and PDF, the others with a preview), the preview-and-issue form (the editable body;
the receipt sentence and remedy clause are fixed), and the audited download.

Another unit's case answers 404 (selectors.get_request); a refused issue re-renders the form
with the service's Chinese message (status 400) and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from zwgk.core.errors import DomainError

from .. import selectors
from ..models import DisclosureRequest
from ..permissions import can_handle_request
from . import compose, services
from .models import Letter
from .wording import LetterKind, ReconsiderationBodyError


class IssueForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text of the letter (one paragraph per line)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=services.MAX_BODY_CHARS,
        strip=False,
    )


def _request_or_404(request: HttpRequest, pk: int) -> DisclosureRequest:
    try:
        return selectors.get_request(request.user, pk)
    except DisclosureRequest.DoesNotExist as error:
        raise Http404 from error


def letter_rows(obj: DisclosureRequest) -> list[dict[str, Any]]:
    """Each letter the case calls for, with the issued letter when there is one."""
    issued = {
        (letter.kind, letter.source): letter for letter in obj.letters.select_related("issued_by")
    }
    return [
        {"source": source, "letter": issued.get((source.kind, source.source))}
        for source in compose.list_sources(obj)
    ]


def _panel_context(request: HttpRequest, obj: DisclosureRequest) -> dict[str, Any]:
    return {
        "obj": obj,
        "rows": letter_rows(obj),
        "can_issue": can_handle_request(request.user, obj),
    }


@login_required
def letter_list(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _request_or_404(request, pk)
    template = "disclosure_requests/letters/letter_list.html"
    if request.htmx:
        template += "#panel"
    return render(request, template, _panel_context(request, obj))


@login_required
@require_http_methods(["GET", "POST"])
def letter_issue(request: HttpRequest, pk: int, kind: str, source: str) -> HttpResponse:
    obj = _request_or_404(request, pk)
    if kind not in LetterKind.values or not can_handle_request(request.user, obj):
        raise Http404
    issued = obj.letters.filter(kind=kind, source=source).first()
    if issued is not None:
        return redirect("disclosure_letters:list", pk=obj.pk)
    try:
        content = compose.compose(obj, kind, source)
    except compose.LetterSourceError as error:
        raise Http404 from error
    except ReconsiderationBodyError as error:
        return _issue_page(request, obj, None, None, str(error), status=400)
    form = IssueForm(request.POST or None, initial={"body": "\n".join(content.body)})
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.issue_letter(
                by=request.user,
                at=timezone.now(),
                request=obj,
                kind=kind,
                source=source,
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            return _issue_page(request, obj, content, form, error.message, status=400)
        messages.success(request, _("Issued: %(number)s") % {"number": letter.number})
        return redirect("disclosure_letters:list", pk=obj.pk)
    status = 400 if form.errors else 200
    return _issue_page(request, obj, content, form, "", status=status)


def _issue_page(
    request: HttpRequest,
    obj: DisclosureRequest,
    content: compose.LetterContent | None,
    form: IssueForm | None,
    error: str,
    *,
    status: int,
) -> HttpResponse:
    warnings: list[services.CheckedItem] = []
    if content is not None:
        typed = form.data.get("body", "") if form is not None and form.is_bound else ""
        warnings = services.check_letter(
            content.with_body(typed) if typed.strip() else content, obj
        )
    context = {"obj": obj, "content": content, "form": form, "error": error, "findings": warnings}
    template = "disclosure_requests/letters/letter_issue.html"
    if request.htmx:
        template += "#preview"
    return render(request, template, context, status=status)


@never_cache
@login_required
def letter_download(request: HttpRequest, letter_pk: int, fmt: str) -> HttpResponse:
    letter = (
        Letter.objects.select_related("request", "request__handling_unit", "docx", "pdf")
        .filter(pk=letter_pk)
        .first()
    )
    if letter is None or fmt not in ("docx", "pdf"):
        raise Http404
    _request_or_404(request, letter.request_id)  # another unit's letter: 404
    try:
        record, data = services.download_letter(
            by=request.user, at=timezone.now(), letter=letter, fmt=fmt
        )
    except DomainError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type=record.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, record.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(data))
    return response
