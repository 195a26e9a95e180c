"""Staff pages for documents: register, edit, submit, review, publish, withdraw.

Views translate HTTP into selectors and services; another unit's document answers 404, and a
refused action re-renders the page with the service's message (status 400), changing nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zwgk.core.errors import DomainError
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import memberships_of, visible_units

from . import permissions, selectors, services
from .checks import all_findings, consistency_problems, fingerprint, submission_problems
from .forms import ApproveForm, DocumentForm, OverrideForm, ReasonForm, ScheduleForm, grouped
from .models import Document, Status


def _document_or_404(request: HttpRequest, pk: int) -> Document:
    try:
        return selectors.get_document(request.user, pk)
    except Document.DoesNotExist as error:
        raise Http404 from error


def _draftable_units(request: HttpRequest) -> list[Unit]:
    return [
        m.unit
        for m in memberships_of(request.user)
        if permissions.can_draft_in(request.user, m.unit)
    ]


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    documents = selectors.list_documents(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        documents = documents.filter(status=status)
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        documents = documents.filter(publishing_unit_id=int(unit_id))
    query = request.GET.get("q", "").strip()[:100]
    if query:
        documents = documents.filter(title__icontains=query)
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "units": visible_units(request.user).order_by("path"),
        "unit_id": unit_id,
        "q": query,
        "can_register": bool(_draftable_units(request)),
        "today": timezone.localdate(),
    }
    template = "documents/document_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _form_data(form: DocumentForm) -> services.DocumentData:
    fields = {name: form.cleaned_data.get(name) for name in services.EDITABLE_FIELDS}
    fields = {
        k: ("" if v is None and k not in ("written_date", "topic") else v)
        for k, v in fields.items()
    }
    return services.DocumentData(
        title=form.cleaned_data.get("title") or "",
        fields={k: v for k, v in fields.items() if k != "title"},
        issuing_units=list(form.cleaned_data.get("issuing_units") or []),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest) -> HttpResponse:
    units = _draftable_units(request)
    if not units:
        raise Http404
    unit_id = request.POST.get("unit") or request.GET.get("unit") or str(units[0].pk)
    unit = next((u for u in units if str(u.pk) == unit_id), units[0])
    interprets = None
    if request.GET.get("interprets") or request.POST.get("interprets"):
        interprets = _document_or_404(
            request, int(request.GET.get("interprets") or request.POST["interprets"])
        )
        unit = interprets.publishing_unit
    form = DocumentForm(request.POST or None, unit=unit)
    if interprets is not None and request.method == "GET":
        form.initial.update(
            {
                "title": f"《{interprets.title}》政策解读",
                "genre": "jiedu",
                "topic": interprets.topic_id,
                "disclosure": "proactive",
                "disclosure_scope": "full",
                "column": interprets.column,
                "written_date": interprets.written_date,
                "interpretation_form": "text",
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.register_document(
                by=request.user,
                at=timezone.now(),
                unit=unit,
                data=_form_data(form),
                interprets=interprets,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The document was registered as a draft."))
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "groups": grouped(form),
            "units": units,
            "unit": unit,
            "interprets": interprets,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    if not permissions.can_edit_document(request.user, document):
        raise Http404
    form = DocumentForm(request.POST or None, instance=document, unit=document.publishing_unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                by=request.user,
                at=timezone.now(),
                document=Document.objects.get(pk=pk),
                data=_form_data(form),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The document was saved."))
            return redirect("documents:detail", pk=pk)
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "groups": grouped(form),
            "document": document,
            "unit": document.publishing_unit,
        },
        status=400 if form.errors else 200,
    )


def _detail_context(request: HttpRequest, document: Document, **forms: Any) -> dict[str, Any]:
    user = request.user
    findings = all_findings(document)
    overridden = set(document.overrides.values_list("fingerprint", flat=True))
    finding_rows = [
        {"item": f, "fingerprint": fingerprint(f), "overridden": fingerprint(f) in overridden}
        for f in findings
    ]
    return {
        "document": document,
        "issuers": [i.unit for i in document.issuers.select_related("unit")],
        "attachments": document.attachments.all(),
        "reviews": document.reviews.select_related("by"),
        "interpretations": document.interpretations.all(),
        "findings": finding_rows,
        "blocking_rows": [row for row in finding_rows if row["item"].is_blocking],
        "body_findings": [f for f in findings if not f.source],
        "checked_text": f"{document.title}\n{document.body}",
        "problems": consistency_problems(document) if document.is_editable else [],
        "submission_problems": submission_problems(document)
        if document.status in (Status.DRAFT, Status.RETURNED)
        else [],
        "can_edit": permissions.can_edit_document(user, document),
        "can_review": permissions.can_review_document(user, document),
        "can_publish": permissions.can_publish_document(user, document)
        and document.status in (Status.APPROVED, Status.SCHEDULED),
        "can_withdraw": permissions.can_withdraw_document(user, document)
        and document.status == Status.PUBLISHED,
        "can_override": permissions.can_override_findings(user, document),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "return_form": forms.get("return_form") or ReasonForm(prefix="return"),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(prefix="withdraw"),
        "schedule_form": forms.get("schedule_form") or ScheduleForm(),
        "error": forms.get("error", ""),
        "Status": Status,
        "normative_record": getattr(document, "normative", None) if document.is_normative else None,
        "normative_forms": _normative_forms(document) if document.is_normative else None,
        "can_manage_normative": permissions.can_draft_in(user, document.publishing_unit),
    }


def _normative_forms(document: Document) -> dict[str, Any]:
    from .normative_views import normative_forms

    return normative_forms(document)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    return render(request, "documents/document_detail.html", _detail_context(request, document))


def _run(
    request: HttpRequest, document: Document, action: Any, success: str, **forms: Any
) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        context = _detail_context(
            request, Document.objects.get(pk=document.pk), error=error.message, **forms
        )
        return render(request, "documents/document_detail.html", context, status=400)
    if success:
        messages.success(request, success)
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)

    def act() -> None:
        result = services.submit_document(by=request.user, at=timezone.now(), document=document)
        if result.status == Status.RETURNED:
            messages.warning(
                request,
                _("The document was returned automatically: %(reason)s")
                % {"reason": result.return_reason},
            )

    return _run(request, document, act, _("Submitted."))


@login_required
@require_POST
def document_approve(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = ApproveForm(request.POST)
    form.is_valid()
    return _run(
        request,
        document,
        lambda: services.approve_document(
            by=request.user,
            at=timezone.now(),
            document=document,
            checks=form.checks(),
            secrecy_review_passed=bool(form.cleaned_data.get("secrecy_review_passed")),
            comment=form.cleaned_data.get("comment", ""),
        ),
        _("Approved."),
        approve_form=form,
    )


@login_required
@require_POST
def document_return(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = ReasonForm(request.POST, prefix="return")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _run(
        request,
        document,
        lambda: services.return_document(
            by=request.user, at=timezone.now(), document=document, reason=reason
        ),
        _("Returned to the drafter."),
        return_form=form,
    )


@login_required
@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    return _run(
        request,
        document,
        lambda: services.publish_document(by=request.user, at=timezone.now(), document=document),
        _("Published."),
    )


@login_required
@require_POST
def document_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = ScheduleForm(request.POST)

    def act() -> None:
        if not form.is_valid():
            raise DomainError(_("Enter the date and time of publication."))
        services.schedule_publication(
            by=request.user,
            at=timezone.now(),
            document=document,
            publish_at=form.cleaned_data["publish_at"],
        )

    return _run(request, document, act, _("Publication scheduled."), schedule_form=form)


@login_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = ReasonForm(request.POST, prefix="withdraw")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _run(
        request,
        document,
        lambda: services.withdraw_document(
            by=request.user, at=timezone.now(), document=document, reason=reason
        ),
        _("Withdrawn."),
        withdraw_form=form,
    )


@login_required
@require_POST
def document_override(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request, pk)
    form = OverrideForm(request.POST)
    valid = form.is_valid()
    return _run(
        request,
        document,
        lambda: services.override_finding(
            by=request.user,
            at=timezone.now(),
            document=document,
            finding_fingerprint=form.cleaned_data["fingerprint"] if valid else "",
            reason=form.cleaned_data["reason"] if valid else "",
        ),
        _("The finding was released with your reason."),
    )
