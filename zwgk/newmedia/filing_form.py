"""The 备案表 (铜府办发〔2019〕16号 附件《重庆市铜梁区政务新媒体备案表》) as XLSX and DOCX.

The seed text names the attachment but does not reproduce its layout; the columns below are
the facts the notice and rules.md §5 require of a filing (主办单位, 承办单位, platform, name,
account ID, 认证主体, opening date, functions, administrator and contact, the head's agreement,
status and filing number). [UNCONFIRMED: the attachment's own column order and wording.]
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime

import openpyxl
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font

from .models import FilingKind, FilingState, MediaAccount
from .transitions import STATUS_LABEL

TITLE = "重庆市铜梁区政务新媒体备案表"
UNCONFIRMED_NOTE = "注：栏目依据铜府办发〔2019〕16号正文整理，附件原表式未见（UNCONFIRMED）。"
HEADERS = (
    "序号",
    "主办单位",
    "承办单位",
    "平台类型",
    "账号名称",
    "账号ID",
    "认证主体",
    "开设时间",
    "主要功能",
    "管理员",
    "管理员电话",
    "联系人",
    "联系电话",
    "主要负责人同意日期",
    "状态",
    "备案编号",
)

PLATFORM_ZH = {
    "wechat_sub": "微信订阅号",
    "wechat_svc": "微信服务号",
    "weibo": "微博",
    "douyin": "抖音",
    "kuaishou": "快手",
    "toutiao": "今日头条",
    "miniprogram": "小程序",
    "app": "移动客户端",
    "other": "其他",
}


def _secret(value: object) -> str:
    reveal = getattr(value, "reveal", None)
    return reveal() if reveal else ""


def rows(accounts: Iterable[MediaAccount]) -> list[list[str]]:
    out = []
    for n, a in enumerate(accounts, start=1):
        opening = next(
            (
                f
                for f in a.filings.all()
                if f.kind == FilingKind.OPEN and f.state == FilingState.APPROVED
            ),
            None,
        )
        agreed = (
            opening.head_agreed_at.date().isoformat() if opening and opening.head_agreed_at else ""
        )
        numbers = [f.number for f in a.filings.all() if f.number]
        platform = PLATFORM_ZH[a.platform]
        if a.platform == "other" and a.platform_name:
            platform = f"其他（{a.platform_name}）"
        out.append(
            [
                str(n),
                a.host_unit.name,
                a.operating_unit_name or (a.operating_unit.name if a.operating_unit else ""),
                platform,
                a.name,
                a.account_id,
                a.verified_entity,
                a.opened_on.isoformat() if a.opened_on else "",
                a.purpose,
                _secret(a.administrator_name),
                _secret(a.administrator_phone),
                _secret(a.contact_name),
                _secret(a.contact_phone),
                agreed,
                STATUS_LABEL.get(a.status, a.status),
                numbers[0] if numbers else "",
            ]
        )
    return out


def to_xlsx(data: Sequence[Sequence[str]], *, unit_label: str, at: datetime) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "备案表"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(
        [
            f"填报单位：{unit_label}",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            f"填报日期：{at.date().isoformat()}",
        ]
    )
    sheet.append(list(HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append(list(row))
    sheet.append([UNCONFIRMED_NOTE])
    for index, width in enumerate((6, 24, 18, 12, 20, 16, 24, 12, 30, 10, 14, 10, 14, 14, 10, 16)):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_docx(data: Sequence[Sequence[str]], *, unit_label: str, at: datetime) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    heading = document.add_paragraph()
    run = heading.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(16)
    document.add_paragraph(f"填报单位：{unit_label}    填报日期：{at.date().isoformat()}")
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
    for row in data:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for r in paragraph.runs:
                    r.font.size = Pt(8)
    document.add_paragraph(UNCONFIRMED_NOTE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
