"""Render a `LetterContent` as DOCX (python-docx; editable in Word and WPS) and as PDF
(reportlab with a TrueType CJK font embedded as a subset, so the PDF shows and copies the same
Chinese text on any reader, offline).

Layout after GB/T 9704 where it applies to a letter: A4, margins 37/35/28/26 mm, title in 2号
(22 pt) 小标宋, body in 3号 (16 pt) 仿宋 with a two-character first-line indent and a fixed
28-point line, the number under the title, issuing unit and date on the right. The DOCX names
the usual 公文 fonts (方正小标宋简体, 仿宋_GB2312) for Word/WPS to use where installed; the PDF
uses the server's CJK font (WenQuanYi Micro Hei from Debian's fonts-wqy-microhei by default,
ZWGK_PDF_FONT to choose another TrueType file).

Pure rendering: no database, no Django models.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zwgk.core.errors import DomainError

from .compose import LetterContent

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_PT = 22
BODY_PT = 16
LINE_PT = 28

# TrueType (glyf) CJK fonts that reportlab can embed; OpenType/CFF fonts (Noto CJK) cannot be.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
PDF_FONT_NAME = "ZwgkCJK"


class RenderError(DomainError):
    """A letter could not be rendered (e.g. no Chinese font on the server)."""


# --- DOCX ---------------------------------------------------------------------------------------


def _font(run: object, name: str, size: int, bold: bool = False) -> None:
    font = run.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    # Word picks the East Asian font from w:eastAsia; python-docx sets only ascii/hAnsi.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(
    document: object,
    text: str,
    *,
    align: int | None = None,
    indent: bool = True,
    font: str = BODY_FONT,
    size: int = BODY_PT,
    bold: bool = False,
) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold)


def to_docx(letter: LetterContent) -> bytes:
    document = new_docx()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    document.core_properties.title = letter.title
    document.core_properties.subject = letter.number

    _paragraph(
        document,
        letter.title,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        font=TITLE_FONT,
        size=TITLE_PT,
    )
    _paragraph(document, letter.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, "", indent=False)
    _paragraph(document, f"{letter.addressee}：", indent=False)
    for text in letter.paragraphs:
        _paragraph(document, text)
    if letter.attachments:
        _paragraph(document, "", indent=False)
        for i, name in enumerate(letter.attachments, start=1):
            prefix = "附件：" if i == 1 else "　　　"
            _paragraph(document, f"{prefix}{i}. {name}")
    _paragraph(document, "", indent=False)
    _paragraph(document, letter.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(document, letter.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------

_font_lock = threading.Lock()
_registered: str | None = None


def font_path() -> Path | None:
    """The TrueType CJK font for PDFs: ZWGK_PDF_FONT, else the first Debian font found."""
    configured = getattr(settings, "ZWGK_PDF_FONT", "")
    candidates = (configured,) if configured else FONT_CANDIDATES
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def _register_font() -> str:
    global _registered
    with _font_lock:
        path = font_path()
        if path is None:
            raise RenderError(
                "服务器未安装可嵌入的中文字体，无法生成PDF。请安装 fonts-wqy-microhei，"
                "或在设置 ZWGK_PDF_FONT 中指定 TrueType 中文字体文件。"
            )
        name = f"{PDF_FONT_NAME}-{abs(hash(str(path)))}"
        if _registered != name:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            try:
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            except Exception as error:
                raise RenderError(f"中文字体文件 {path} 无法使用：{error}") from error
            _registered = name
        return name


def to_pdf(letter: LetterContent) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _register_font()
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=BODY_PT,
        leading=LINE_PT,
        firstLineIndent=BODY_PT * 2,
        wordWrap="CJK",
    )
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    title = ParagraphStyle(
        "title", parent=plain, fontSize=TITLE_PT, leading=TITLE_PT * 1.6, alignment=TA_CENTER
    )
    centred = ParagraphStyle("centred", parent=plain, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text), style)

    story = [
        para(letter.title, title),
        para(letter.number, centred),
        Spacer(1, LINE_PT),
        para(f"{letter.addressee}：", plain),
        *(para(text, body) for text in letter.paragraphs),
    ]
    if letter.attachments:
        story.append(Spacer(1, LINE_PT))
        story += [
            para(f"{'附件：' if i == 1 else '　　　'}{i}. {name}", body)
            for i, name in enumerate(letter.attachments, start=1)
        ]
    story += [Spacer(1, LINE_PT), para(letter.signature, right), para(letter.date_text, right)]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=letter.title,
        subject=letter.number,
        author=letter.signature,
        creator="zwgk",
    )
    document.build(story)
    return out.getvalue()
