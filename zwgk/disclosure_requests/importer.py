"""Import of the 台账 (ledgers) kept before the system: applications (`zwgk import requests`) and
复议/诉讼 cases (`zwgk import appeals`), from XLSX or CSV (UTF-8 with or without BOM, or GBK).

Owns reading the file, checking every row against the documented columns (docs/import.md) and
the database, and writing the rows in one transaction: one bad row and nothing is imported,
every problem listed by row in Chinese. `dry_run=True` runs every check and writes nothing.

An imported application is history, not a case handled here: it is marked `is_imported`, its
ledger holds what the 台账 says (received; replied, with the outcome's table-三 row), its identity
number and phone are encrypted with blind indexes and masks exactly as on the online path
(personal.py, the model's EncryptedTextField), and it counts in the annual-report tables like
any other case. A row without a reply date is still open: it continues in the system with its
clock from the receipt date. The audit trail holds one event for the file and one per record
(no personal data in either).

It must not re-implement the services' workflow: it writes only what a ledger can say.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.documents.importer import (
    CatalogueImportError,
    SourceRow,
    TableSpec,
    parse_date,
    read_table,
)
from zwgk.orgs.models import Unit

from . import deadlines
from .models import (
    Appeal,
    DisclosureRequest,
    EventKind,
    Reply,
    RequestEvent,
    RequestSequence,
    Status,
)
from .permissions import can_register_in
from .personal import (
    Contact,
    PersonalDataError,
    id_index,
    mask_id,
    normalise_id_number,
    normalise_phone,
)
from .statute import (
    GROUP_DISCLOSE,
    GROUP_OTHER,
    GROUP_PARTIAL,
    OUTCOME_RULES,
    TABLE3_RESULT_ROWS,
    AppealKind,
    AppealResult,
    AppealStage,
    ApplicantType,
    Channel,
    IdDocumentType,
    Outcome,
)

MAX_ROWS = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024
XLSX_MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
XLSX_MAX_ENTRIES = 10_000

Cell = str | date | datetime | int | float | None
Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


class LedgerImportError(DomainError):
    """The file was not imported. `errors` lists every problem, row by row."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


# --- Columns (docs/import.md; keep the two in step) ---------------------------------------------

RECEIVED = "收到日期"
CHANNEL = "申请方式"
APPLICANT_TYPE = "申请人类型"
APPLICANT = "申请人"
ID_NUMBER = "证件号码"
PHONE = "联系电话"
CONTENT = "申请内容"
UNIT = "承办单位"
OUTCOME = "办理结果"
REPLIED = "答复日期"
NUMBER = "登记号"

REQUEST_COLUMNS = (
    RECEIVED,
    CHANNEL,
    APPLICANT_TYPE,
    APPLICANT,
    ID_NUMBER,
    PHONE,
    CONTENT,
    UNIT,
    OUTCOME,
    REPLIED,
    NUMBER,
)
REQUEST_REQUIRED = (RECEIVED, CHANNEL, APPLICANT_TYPE, APPLICANT, CONTENT)

KIND = "案件类型"
LINKED = "关联申请"
BODY = "复议机关或法院"
CASE_NUMBER = "案号"
FILED = "申请或起诉日期"
ACCEPTED = "受理日期"
DECIDED = "审结日期"
RESULT = "结果"

APPEAL_COLUMNS = (
    KIND,
    LINKED,
    UNIT,
    BODY,
    CASE_NUMBER,
    APPLICANT,
    FILED,
    ACCEPTED,
    DECIDED,
    RESULT,
)
APPEAL_REQUIRED = (KIND, BODY, FILED)
IGNORED_COLUMNS = ("序号", "备注")

CHANNEL_NAMES: dict[str, str] = {
    **{choice.label: choice.value for choice in Channel},
    "当面": Channel.IN_PERSON,
    "当面申请": Channel.IN_PERSON,
    "现场": Channel.IN_PERSON,
    "现场申请": Channel.IN_PERSON,
    "邮寄": Channel.POST_SIGNED,
    "信函": Channel.LETTER,
    "平信": Channel.LETTER,
    "平常信函": Channel.LETTER,
    "传真": Channel.FAX,
    "电子邮件": Channel.EMAIL,
    "邮件": Channel.EMAIL,
    "网上申请": Channel.ONLINE,
    "网上": Channel.ONLINE,
    "网络": Channel.ONLINE,
    "互联网": Channel.ONLINE,
    "在线申请": Channel.ONLINE,
}
APPLICANT_TYPE_NAMES: dict[str, str] = {
    **{choice.label: choice.value for choice in ApplicantType},
    "公民": ApplicantType.NATURAL_PERSON,
    "个人": ApplicantType.NATURAL_PERSON,
    "其他组织": ApplicantType.OTHER_ORGANISATION,
    "法人或其他组织-其他": ApplicantType.OTHER_ORGANISATION,
}
for _choice in ApplicantType:
    if _choice != ApplicantType.NATURAL_PERSON:
        APPLICANT_TYPE_NAMES[f"法人或其他组织-{_choice.label}"] = _choice.value

# The outcome recorded for a table-三 row written in a ledger (a row may cover several outcomes:
# the first of them stands for it; the report counts the row either way).
ROW_OUTCOME: dict[str, str] = {"1": Outcome.DISCLOSE, "4.1": Outcome.NOT_EXIST}
for _outcome, _rule in OUTCOME_RULES.items():
    ROW_OUTCOME.setdefault(_rule.row, _outcome)


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _outcome_names() -> dict[str, str]:
    """An outcome by its table-三 row (full label, level-3 label with or without its number, the
    group label for （一）（二）, or the row key), or by its own label or code."""
    names: dict[str, str] = {}
    for key, group, label in TABLE3_RESULT_ROWS:
        outcome = ROW_OUTCOME[key]
        names[key] = outcome
        names[_squash(f"{group}{label}")] = outcome
        if label:
            names[_squash(label)] = outcome
            names[re.sub(r"^\d+\.", "", _squash(label))] = outcome
        else:
            names[_squash(group)] = outcome
            names[re.sub(r"^（.）", "", group).split("（")[0]] = outcome
    # The 2019 format's single （六）其他处理 row.
    names[_squash(GROUP_OTHER)] = Outcome.OTHER
    names["其他处理"] = Outcome.OTHER
    for choice in Outcome:
        names[_squash(choice.label)] = choice.value
        names[choice.value] = choice.value
    names["予以公开"] = Outcome.DISCLOSE
    names[_squash(GROUP_DISCLOSE)] = Outcome.DISCLOSE
    names[_squash(GROUP_PARTIAL)] = Outcome.PARTIAL
    names["部分公开"] = Outcome.PARTIAL
    return names


OUTCOME_NAMES = _outcome_names()

APPEAL_KIND_NAMES: dict[str, tuple[str, bool]] = {
    "行政复议": (AppealKind.RECONSIDERATION, False),
    "复议": (AppealKind.RECONSIDERATION, False),
    "行政诉讼": (AppealKind.LITIGATION, False),
    "诉讼": (AppealKind.LITIGATION, False),
    "未经复议直接起诉": (AppealKind.LITIGATION, False),
    "直接起诉": (AppealKind.LITIGATION, False),
    "复议后起诉": (AppealKind.LITIGATION, True),
}
RESULT_NAMES: dict[str, str] = {
    **{choice.label: choice.value for choice in AppealResult},
    "维持": AppealResult.UPHELD,
    "驳回": AppealResult.UPHELD,
    "纠正": AppealResult.CORRECTED,
    "败诉": AppealResult.CORRECTED,
    "其他": AppealResult.OTHER,
    "未审结": AppealResult.PENDING,
    "审理中": AppealResult.PENDING,
}


# --- Reading the file -------------------------------------------------------------------------


def read_rows(
    data: bytes, filename: str, columns: Sequence[str], required: Sequence[str]
) -> list[SourceRow]:
    """The rows of a ledger file, read by the documents importer's spreadsheet reader with the
    ledger's columns and limits."""
    spec = TableSpec(
        columns=columns,
        required=required,
        ignored=IGNORED_COLUMNS,
        max_rows=MAX_ROWS,
        max_file_bytes=MAX_FILE_BYTES,
        xlsx_max_unzipped_bytes=XLSX_MAX_UNZIPPED_BYTES,
        xlsx_max_entries=XLSX_MAX_ENTRIES,
    )
    try:
        return read_table(data, filename, spec)
    except CatalogueImportError as error:
        raise LedgerImportError(error.message) from None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()


def _row_of(message: str) -> int:
    match = re.match(r"第 (\d+) 行", message)
    return int(match[1]) if match else 0


def _refuse(errors: list[str], what: str) -> LedgerImportError:
    errors.sort(key=_row_of)
    return LedgerImportError(
        f"文件有 {len(errors)} 处错误，未导入任何{what}。请修改后重新导入。", errors
    )


@dataclass
class _Dates:
    today: date

    def parse(
        self, raw: Cell, label: str, error: Callable[[str], None], *, required: bool
    ) -> date | None:
        text = _text(raw)
        if not text:
            if required:
                error(f"缺少{label}")
            return None
        day = parse_date(raw if not isinstance(raw, str) else raw.strip())
        if day is None:
            error(f"{label}“{text}”不是有效日期")
        elif day > self.today:
            error(f"{label}（{day.isoformat()}）晚于今天")
            return None
        return day


def _units_in(unit: Unit) -> dict[str, Unit]:
    """The units a ledger row may name as 承办单位: the importing unit and those below it, by
    name, short name or code."""
    names: dict[str, Unit] = {}
    for candidate in Unit.objects.within(unit).filter(is_active=True):
        for name in (candidate.name, candidate.short_name, candidate.code):
            if name:
                names.setdefault(_squash(name), candidate)
    return names


# --- Applications -----------------------------------------------------------------------------


@dataclass
class RequestRow:
    number: int  # spreadsheet row
    unit: Unit
    received: date
    channel: str
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    outcome: str
    reply_date: date | None
    ledger_number: str


def _id_of(applicant_type: str, raw: str) -> tuple[str, str]:
    """(id_type, normalised number) for a ledger's 证件号码: a 居民身份证 number for a person
    when it looks like one, else another document; a 统一社会信用代码 for an organisation."""
    if applicant_type != ApplicantType.NATURAL_PERSON:
        return IdDocumentType.USCC, normalise_id_number(IdDocumentType.USCC, raw)
    compact = re.sub(r"[\s-]", "", raw)
    if len(compact) == 18 and compact[:17].isdigit():
        return IdDocumentType.RESIDENT_ID, normalise_id_number(IdDocumentType.RESIDENT_ID, raw)
    return IdDocumentType.OTHER, normalise_id_number(IdDocumentType.OTHER, raw)


def _validate_request(
    row: SourceRow, *, unit: Unit, units: dict[str, Unit], dates: _Dates
) -> tuple[RequestRow | None, list[str]]:
    errors: list[str] = []
    cells = row.cells

    def error(message: str) -> None:
        errors.append(f"第 {row.number} 行：{message}")

    received = dates.parse(cells.get(RECEIVED), RECEIVED, error, required=True)
    channel_text = _squash(_text(cells.get(CHANNEL)))
    channel = CHANNEL_NAMES.get(channel_text, "")
    if not channel_text:
        error("缺少申请方式")
    elif not channel:
        error(
            f"申请方式“{channel_text}”无法识别，应为当面提交、邮寄、平常信函、传真、电子邮件或互联网"
        )
    type_text = _squash(_text(cells.get(APPLICANT_TYPE)))
    applicant_type = APPLICANT_TYPE_NAMES.get(type_text, "")
    if not type_text:
        error("缺少申请人类型")
    elif not applicant_type:
        error(
            f"申请人类型“{type_text}”无法识别，应为自然人、商业企业、科研机构、社会公益组织、"
            "法律服务机构或其他"
        )
    name = re.sub(r"\s+", " ", _text(cells.get(APPLICANT)))
    if not name:
        error("缺少申请人")
    elif len(name) > 100:
        error("申请人姓名或名称超过 100 字")
    id_type = id_number = ""
    id_raw = _text(cells.get(ID_NUMBER))
    if id_raw and applicant_type:
        try:
            id_type, id_number = _id_of(applicant_type, id_raw)
        except PersonalDataError as problem:
            error(f"证件号码：{str(problem).rstrip('。')}")
    phone = ""
    try:
        phone = normalise_phone(_text(cells.get(PHONE)))
    except PersonalDataError as problem:
        error(str(problem).rstrip("。"))
    description = _text(cells.get(CONTENT))
    if not description:
        error("缺少申请内容")
    elif len(description) > 5000:
        error(f"申请内容超过 5000 字（{len(description)} 字）")
    handling = unit
    unit_text = _squash(_text(cells.get(UNIT)))
    if unit_text:
        found = units.get(unit_text)
        if found is None:
            error(f"承办单位“{unit_text}”不是{unit.name}或其下属单位")
        else:
            handling = found
    outcome_text = _squash(_text(cells.get(OUTCOME)))
    outcome = OUTCOME_NAMES.get(outcome_text, "")
    if outcome_text and not outcome:
        error(f"办理结果“{outcome_text}”无法识别，应为年度报告表三的一行（写法见导入说明）")
    reply_date = dates.parse(cells.get(REPLIED), REPLIED, error, required=False)
    if outcome_text and not _text(cells.get(REPLIED)):
        error("已填写办理结果的，须填写答复日期")
    if _text(cells.get(REPLIED)) and not outcome_text:
        error("已填写答复日期的，须填写办理结果")
    if received and reply_date and reply_date < received:
        error(f"答复日期（{reply_date.isoformat()}）早于收到日期（{received.isoformat()}）")
    ledger_number = _text(cells.get(NUMBER))
    if len(ledger_number) > 40:
        error("登记号超过 40 个字符")
    if errors or received is None:
        return None, errors
    return (
        RequestRow(
            number=row.number,
            unit=handling,
            received=received,
            channel=channel,
            applicant_type=applicant_type,
            applicant_name=name,
            id_type=id_type,
            id_number=id_number,
            phone=phone,
            description=description,
            outcome=outcome,
            reply_date=reply_date,
            ledger_number=ledger_number,
        ),
        [],
    )


def _check_numbers(rows: Sequence[RequestRow]) -> list[str]:
    errors = []
    first: dict[str, int] = {}
    for row in rows:
        if not row.ledger_number:
            continue
        if row.ledger_number in first:
            errors.append(
                f"第 {row.number} 行：登记号“{row.ledger_number}”与第 "
                f"{first[row.ledger_number]} 行重复"
            )
        else:
            first[row.ledger_number] = row.number
    taken = set(
        DisclosureRequest.objects.filter(number__in=list(first)).values_list("number", flat=True)
    )
    for number in sorted(taken):
        errors.append(f"第 {first[number]} 行：登记号“{number}”已被系统中的其他申请使用")
    return errors


@dataclass
class ImportResult:
    filename: str
    rows: int
    replied: int = 0
    open: int = 0
    dry_run: bool = False
    ids: list[int] = field(default_factory=list)


def _check_actor(by: Any, unit: Unit) -> None:
    if by is not None and not can_register_in(by, unit):
        raise PermissionDeniedError("您不是该单位的工作人员，不能导入该单位的台账。")


def validate_requests(
    rows: Sequence[SourceRow], *, unit: Unit, at: datetime, progress: Progress = _no_progress
) -> list[RequestRow]:
    units = _units_in(unit)
    dates = _Dates(timezone.localdate(at))
    valid: list[RequestRow] = []
    errors: list[str] = []
    for row in progress(rows, "检查", len(rows)):
        if row.is_blank():
            continue
        checked, problems = _validate_request(row, unit=unit, units=units, dates=dates)
        if checked is not None:
            valid.append(checked)
        errors += problems
    if not valid and not errors:
        raise LedgerImportError("文件中没有数据行（第一行为表头，从第二行起每行一件申请）。")
    errors += _check_numbers(valid)
    if errors:
        raise _refuse(errors, "申请")
    return valid


def import_requests(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import a ledger of applications into `unit` (and the units below it named in 承办单位):
    all rows or none (LedgerImportError). `by` is the staff member on whose behalf it runs, or
    None for the operator at the command line."""
    _check_actor(by, unit)
    rows = read_rows(data, filename, REQUEST_COLUMNS, REQUEST_REQUIRED)
    valid = validate_requests(rows, unit=unit, at=at, progress=progress)
    result = ImportResult(filename=filename, rows=len(valid), dry_run=dry_run)
    result.replied = sum(1 for r in valid if r.reply_date is not None)
    result.open = result.rows - result.replied
    if dry_run:
        return result
    with transaction.atomic():
        recheck = _check_numbers(valid)
        if recheck:
            raise _refuse(recheck, "申请")
        file_hash = hashlib.sha256(data).hexdigest()
        for row in progress(valid, "写入", len(valid)):
            result.ids.append(
                _write_request(row, by=by, at=at, filename=filename, file_hash=file_hash)
            )
        audit.record(
            action="disclosure_requests.ledger.imported",
            by=by,
            at=at,
            target=unit,
            unit=unit,
            after={
                "file": filename,
                "sha256": file_hash,
                "rows": result.rows,
                "replied": result.replied,
                "open": result.open,
            },
        )
    return result


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


_NUMBER_SHAPE = re.compile(r"^(?P<prefix>.+)依申〔(?P<year>\d{4})〕(?P<serial>\d+)号$")


def _number_for(row: RequestRow) -> str:
    """The ledger's 登记号, or the next one of the unit's registration sequence for the year of
    receipt (the services' format). A kept number of that very shape moves the sequence past it,
    so the system never makes it again."""
    unit = row.unit
    prefix = unit.doc_prefix or unit.short_name or unit.code
    sequence, _ = RequestSequence.objects.select_for_update().get_or_create(
        unit=unit, year=row.received.year
    )
    if row.ledger_number:
        match = _NUMBER_SHAPE.match(row.ledger_number)
        if (
            match
            and match["prefix"] == prefix
            and int(match["year"]) == row.received.year
            and sequence.last_serial < int(match["serial"])
        ):
            sequence.last_serial = int(match["serial"])
            sequence.save(update_fields=["last_serial"])
        return row.ledger_number
    while True:
        sequence.last_serial += 1
        number = f"{prefix}依申〔{row.received.year}〕{sequence.last_serial}号"
        if not DisclosureRequest.objects.filter(number=number).exists():
            sequence.save(update_fields=["last_serial"])
            return number


def _write_request(row: RequestRow, *, by: Any, at: datetime, filename: str, file_hash: str) -> int:
    from .services import new_lookup_code

    user = by if getattr(by, "is_authenticated", False) else None
    replied = row.reply_date is not None
    contact = Contact(row.phone, "", "").fields()
    request = DisclosureRequest(
        handling_unit=row.unit,
        number=_number_for(row),
        lookup_code=new_lookup_code(),
        status=Status.CLOSED if replied else Status.PROCESSING,
        channel=row.channel,
        received_at=_noon(row.received),
        confirmed_at=_noon(row.received),
        receipt_date=row.received,
        applicant_type=row.applicant_type,
        applicant_name=row.applicant_name,
        id_type=row.id_type,
        id_number=row.id_number,
        id_number_index=id_index(row.id_number),
        id_number_masked=mask_id(row.id_number),
        description=row.description,
        is_imported=True,
        registered_by=user,
        created_at=at,
        updated_at=at,
        closed_at=_noon(row.reply_date) if row.reply_date else None,
        **{k: v for k, v in contact.items() if k.startswith("phone")},
    )
    request.save()
    RequestEvent.objects.create(
        request=request,
        kind=EventKind.RECEIVED,
        on_date=row.received,
        at=at,
        by=user,
        data={
            "channel": row.channel,
            "channel_label": Channel(row.channel).label,
            "needs_confirmation": False,
            "basis": "台账导入：以台账记载的收到日期为收到申请之日",
            "imported": True,
        },
    )
    if row.reply_date is not None:
        rule = OUTCOME_RULES[row.outcome]
        reply = Reply.objects.create(
            request=request,
            outcome=row.outcome,
            table3_row=rule.row,
            reply_date=row.reply_date,
            body="（台账导入）",
            withheld_part="（台账导入，未记载）" if row.outcome == Outcome.PARTIAL else "",
            withheld_reason="（台账导入，未记载）" if row.outcome == Outcome.PARTIAL else "",
            by=user,
            at=at,
        )
        RequestEvent.objects.create(
            request=request,
            kind=EventKind.REPLIED,
            on_date=row.reply_date,
            at=at,
            by=user,
            data={
                "outcome": row.outcome,
                "outcome_label": Outcome(row.outcome).label,
                "article": rule.article,
                "reply": reply.pk,
                "imported": True,
            },
        )
    deadlines.refresh(request)
    audit.record(
        action="disclosure_requests.request.imported",
        by=by,
        at=at,
        target=request,
        unit=row.unit,
        after={
            "number": request.number,
            "status": request.status,
            "receipt_date": row.received,
            "applicant_type": row.applicant_type,
            "outcome": row.outcome,
            "reply_date": row.reply_date,
            "file": filename,
            "file_sha256": file_hash,
            "row": row.number,
        },
    )
    return request.pk


# --- 复议 and 诉讼 ----------------------------------------------------------------------------


@dataclass
class AppealRow:
    number: int
    unit: Unit
    request: DisclosureRequest | None
    kind: str
    after: bool
    body: str
    case_number: str
    applicant_name: str
    filed_on: date
    accepted_on: date | None
    decided_on: date | None
    result: str


def _find_request(text: str, unit: Unit) -> DisclosureRequest | None:
    """An application of `unit`'s tree by its 登记号 or 查询码."""
    scoped = DisclosureRequest.objects.filter(handling_unit__in=Unit.objects.within(unit))
    found = scoped.filter(number=text).select_related("handling_unit").first()
    if found is None:
        from .services import normalise_lookup_code

        code = normalise_lookup_code(text)
        if code:
            found = scoped.filter(lookup_code=code).select_related("handling_unit").first()
    return found


def _validate_appeal(
    row: SourceRow, *, unit: Unit, units: dict[str, Unit], dates: _Dates
) -> tuple[AppealRow | None, list[str]]:
    errors: list[str] = []
    cells = row.cells

    def error(message: str) -> None:
        errors.append(f"第 {row.number} 行：{message}")

    kind_text = _squash(_text(cells.get(KIND)))
    kind, after = APPEAL_KIND_NAMES.get(kind_text, ("", False))
    if not kind_text:
        error("缺少案件类型")
    elif not kind:
        error(f"案件类型“{kind_text}”无法识别，应为行政复议、未经复议直接起诉或复议后起诉")
    linked_text = _text(cells.get(LINKED))
    request = _find_request(linked_text, unit) if linked_text else None
    if linked_text and request is None:
        error(f"关联申请“{linked_text}”不是{unit.name}或其下属单位的申请（请填登记号或查询码）")
    respondent = request.handling_unit if request is not None else unit
    unit_text = _squash(_text(cells.get(UNIT)))
    if unit_text:
        found = units.get(unit_text)
        if found is None:
            error(f"承办单位“{unit_text}”不是{unit.name}或其下属单位")
        elif request is not None and found.pk != request.handling_unit_id:
            error(f"承办单位“{unit_text}”与关联申请的承办单位不一致")
        else:
            respondent = found
    body = _text(cells.get(BODY))
    if not body:
        error("缺少复议机关或法院")
    elif len(body) > 200:
        error("复议机关或法院名称超过 200 字")
    case_number = _text(cells.get(CASE_NUMBER))
    if len(case_number) > 100:
        error("案号超过 100 个字符")
    applicant_name = _text(cells.get(APPLICANT)) or (request.applicant_name if request else "")
    if len(applicant_name) > 100:
        error("申请人超过 100 字")
    filed = dates.parse(cells.get(FILED), FILED, error, required=True)
    accepted = dates.parse(cells.get(ACCEPTED), ACCEPTED, error, required=False)
    decided = dates.parse(cells.get(DECIDED), DECIDED, error, required=False)
    result_text = _squash(_text(cells.get(RESULT)))
    result = RESULT_NAMES.get(result_text, "") if result_text else AppealResult.PENDING
    if not result:
        error(f"结果“{result_text}”无法识别，应为结果维持、结果纠正、其他结果或尚未审结")
    elif result == AppealResult.PENDING and _text(cells.get(DECIDED)):
        error("尚未审结的案件不能填写审结日期")
    elif result != AppealResult.PENDING and not _text(cells.get(DECIDED)):
        error("已审结的案件须填写审结日期")
    if filed and accepted and accepted < filed:
        error("受理日期早于申请或起诉日期")
    if filed and decided and decided < filed:
        error("审结日期早于申请或起诉日期")
    if request is not None and filed and request.receipt_date and filed < request.receipt_date:
        error("申请或起诉日期早于关联申请的收到日期")
    if errors or filed is None:
        return None, errors
    return (
        AppealRow(
            number=row.number,
            unit=respondent,
            request=request,
            kind=kind,
            after=after,
            body=body,
            case_number=case_number,
            applicant_name=applicant_name,
            filed_on=filed,
            accepted_on=accepted,
            decided_on=decided,
            result=result,
        ),
        [],
    )


def import_appeals(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Import a ledger of 复议/诉讼 cases: all rows or none (LedgerImportError)."""
    _check_actor(by, unit)
    rows = read_rows(data, filename, APPEAL_COLUMNS, APPEAL_REQUIRED)
    units = _units_in(unit)
    dates = _Dates(timezone.localdate(at))
    valid: list[AppealRow] = []
    errors: list[str] = []
    for row in progress(rows, "检查", len(rows)):
        if row.is_blank():
            continue
        checked, problems = _validate_appeal(row, unit=unit, units=units, dates=dates)
        if checked is not None:
            valid.append(checked)
        errors += problems
    if not valid and not errors:
        raise LedgerImportError("文件中没有数据行（第一行为表头，从第二行起每行一件案件）。")
    if errors:
        raise _refuse(errors, "案件")
    result = ImportResult(filename=filename, rows=len(valid), dry_run=dry_run)
    result.replied = sum(1 for r in valid if r.result != AppealResult.PENDING)
    result.open = result.rows - result.replied
    if dry_run:
        return result
    file_hash = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        for row in progress(valid, "写入", len(valid)):
            appeal = Appeal.objects.create(
                kind=row.kind,
                request=row.request,
                unit=row.unit,
                is_after_reconsideration=row.after,
                body=row.body,
                case_number=row.case_number,
                applicant_name=row.applicant_name,
                filed_on=row.filed_on,
                accepted_on=row.accepted_on,
                stage=AppealStage.FILED
                if row.result == AppealResult.PENDING
                else AppealStage.CLOSED,
                result=row.result,
                decided_on=row.decided_on,
                note="台账导入",
                created_at=at,
                updated_at=at,
            )
            result.ids.append(appeal.pk)
            audit.record(
                action="disclosure_requests.appeal.imported",
                by=by,
                at=at,
                target=appeal,
                unit=row.unit,
                after={
                    "kind": row.kind,
                    "after_reconsideration": row.after,
                    "result": row.result,
                    "filed_on": row.filed_on,
                    "decided_on": row.decided_on,
                    "request": row.request.number if row.request else "",
                    "file": filename,
                    "row": row.number,
                },
            )
        audit.record(
            action="disclosure_requests.appeals.imported",
            by=by,
            at=at,
            target=unit,
            unit=unit,
            after={"file": filename, "sha256": file_hash, "rows": result.rows},
        )
    return result


# --- Command-line adapters: `zwgk import requests|appeals FILE --unit CODE [--dry-run]` --------


def _unit(options: dict[str, Any]) -> Unit:
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise LedgerImportError(f"没有代码为“{options['unit']}”的单位。")
    return unit


class RequestsImporter:
    """Found by `zwgk import` through IMPORTERS (zwgk/documents/management/commands/import.py)."""

    name = "requests"
    help = "a ledger (台账) of applications for disclosure (XLSX or CSV; docs/import.md)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="code of the handling unit")

    def run(
        self,
        *,
        data: bytes,
        filename: str,
        options: dict[str, Any],
        by: Any,
        at: datetime,
        dry_run: bool,
        progress: Progress,
    ) -> list[str]:
        unit = _unit(options)
        result = import_requests(
            by=by,
            at=at,
            unit=unit,
            data=data,
            filename=filename,
            dry_run=dry_run,
            progress=progress,
        )
        counts = f"共 {result.rows} 件：已办结 {result.replied} 件，仍在办理 {result.open} 件。"
        if dry_run:
            return [f"检查通过（--dry-run，未写入任何数据）。{unit.name}：{counts}"]
        return [f"已导入 {unit.name} 的依申请公开台账：{counts}"]


class AppealsImporter:
    name = "appeals"
    help = "a ledger of 行政复议/行政诉讼 cases about disclosure (XLSX or CSV; docs/import.md)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="code of the respondent unit")

    def run(
        self,
        *,
        data: bytes,
        filename: str,
        options: dict[str, Any],
        by: Any,
        at: datetime,
        dry_run: bool,
        progress: Progress,
    ) -> list[str]:
        unit = _unit(options)
        result = import_appeals(
            by=by,
            at=at,
            unit=unit,
            data=data,
            filename=filename,
            dry_run=dry_run,
            progress=progress,
        )
        counts = f"共 {result.rows} 件：已审结 {result.replied} 件，尚未审结 {result.open} 件。"
        if dry_run:
            return [f"检查通过（--dry-run，未写入任何数据）。{unit.name}：{counts}"]
        return [f"已导入 {unit.name} 的复议、诉讼台账：{counts}"]


IMPORTERS = [RequestsImporter(), AppealsImporter()]
