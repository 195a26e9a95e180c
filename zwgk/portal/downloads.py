"""The downloadable 政府信息公开目录 (条例 art. 12; art. 24 asks for 检索、查阅、下载): a CSV and
an XLSX file next to each catalogue list (each unit, each topic, each year), written by
zwgk.documents.catalogue and published as static files.

The files must come out byte for byte the same whenever the same rows are written (a rebuild
equals the incremental path): CSV is deterministic already; an XLSX file is a ZIP archive that
carries the time it was written (ZIP entry dates, docProps/core.xml), which
`deterministic_xlsx` replaces with a fixed date.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator

from zwgk.documents.catalogue import catalogue_rows, write_csv, write_xlsx

from .listings import Listing
from .pages import PageNotFound, SiteData
from .publishing import DOWNLOAD_NAMES, catalogue_keys, catalogue_listing
from .selectors import get_topic

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIXED_CORE_DATE = b"1980-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def deterministic_xlsx(data: bytes) -> bytes:
    """The same workbook with fixed dates in the ZIP entries and the document properties."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + FIXED_CORE_DATE + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


def _rows(data: SiteData, kind: str, key: str) -> Iterator:
    if kind == "unit":
        return catalogue_rows(unit=data.unit(key))
    if kind == "topic":
        topic = get_topic(int(key))
        if topic is None:
            raise PageNotFound(key)
        return catalogue_rows(topic=topic)
    return catalogue_rows(year=int(key))


def render_download(data: SiteData, kind: str, key: str, fmt: str) -> bytes:
    """The catalogue file of one unit, topic or year (PageNotFound when there is no such list)."""
    if fmt not in DOWNLOAD_NAMES:
        raise PageNotFound(fmt)
    catalogue_listing(data, kind, key)  # raises PageNotFound for an unknown list
    out = io.BytesIO()
    if fmt == "csv":
        write_csv(_rows(data, kind, key), out)
        return out.getvalue()
    write_xlsx(_rows(data, kind, key), out)
    return deterministic_xlsx(out.getvalue())


def download_path(listing: Listing, fmt: str) -> str:
    """The file of a download, relative to the site root."""
    return (listing.path + DOWNLOAD_NAMES[fmt]).lstrip("/")


def iter_downloads(data: SiteData, scopes: Iterable[tuple[str, str]] | None = None) -> Iterator:
    """(relative path, kind, key, format) of the downloads of these lists (default: all)."""
    for kind, key in catalogue_keys(data) if scopes is None else scopes:
        listing, _heading = catalogue_listing(data, kind, key)
        for fmt in DOWNLOAD_NAMES:
            yield download_path(listing, fmt), kind, key, fmt
