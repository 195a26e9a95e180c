"""An export of posts uploaded by the operator (CSV or XLSX, read by the documents importer's
read_table): columns 发布时间, 标题, 链接 (optional), 留言数, 未回复留言数 (optional)."""

from __future__ import annotations

from datetime import date, datetime

from zwgk.documents.importer import CatalogueImportError, SourceRow, TableSpec, read_table

from .base import LOCAL, AdapterError, FetchedPost, FetchResult, parse_local_datetime

SPEC = TableSpec(
    columns=("发布时间", "标题", "链接", "留言数", "未回复留言数"),
    required=("发布时间", "标题"),
    max_rows=20_000,
    max_file_bytes=10 * 1024 * 1024,
)


def _count(row: SourceRow, name: str, errors: list[str]) -> int:
    value = row.cells.get(name)
    if value in (None, ""):
        return 0
    try:
        number = int(float(str(value).strip()))
    except ValueError:
        number = -1
    if number < 0:
        errors.append(f"第 {row.number} 行：{name}应为非负整数。")
        return 0
    return number


def parse(data: bytes, filename: str) -> FetchResult:
    """All rows or none: a file with any bad row raises AdapterError listing the rows."""
    try:
        rows = read_table(data, filename, SPEC)
    except CatalogueImportError as error:
        raise AdapterError(error.message) from None
    posts, errors = [], []
    for row in rows:
        if row.is_blank():
            continue
        raw = row.cells.get("发布时间")
        if isinstance(raw, datetime):
            published = raw if raw.tzinfo else raw.replace(tzinfo=LOCAL)
        elif isinstance(raw, date):
            published = datetime(raw.year, raw.month, raw.day, tzinfo=LOCAL)
        else:
            published = parse_local_datetime(str(raw or ""))
        title = str(row.cells.get("标题") or "").strip()
        if published is None:
            errors.append(
                f"第 {row.number} 行：发布时间无效（应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）。"
            )
        if not title:
            errors.append(f"第 {row.number} 行：缺少标题。")
        comments = _count(row, "留言数", errors)
        unanswered = _count(row, "未回复留言数", errors)
        if unanswered > comments:
            errors.append(f"第 {row.number} 行：未回复留言数不能大于留言数。")
        if published is not None and title:
            posts.append(
                FetchedPost(
                    published_at=published,
                    title=title[:300],
                    url=str(row.cells.get("链接") or "").strip()[:500],
                    comments=comments,
                    unanswered=unanswered,
                )
            )
    if errors:
        raise AdapterError(
            f"文件有 {len(errors)} 处错误，未导入任何记录：" + "；".join(errors[:50])
        )
    return FetchResult(posts=posts)
