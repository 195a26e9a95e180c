"""发文字号 (document numbers): `机关代字〔YYYY〕N号` with the hexagonal brackets U+3014/U+3015.

Pure functions. Clerks type every bracket there is; the canonical form is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "【": "〔",
        "】": "〕",
        "〖": "〔",
        "〗": "〕",
        "{": "〔",
        "}": "〕",
        "<": "〔",
        ">": "〕",
    }
)
_PATTERN = re.compile(r"^(?P<prefix>[^\d〔〕\s]+?)〔(?P<year>\d{4})〕(?P<seq>\d{1,6})号$")


@dataclass(frozen=True)
class DocNumber:
    prefix: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"


class DocNumberError(ValueError):
    pass


def parse_doc_number(raw: str) -> DocNumber:
    """Normalise `铜府办发[2019] 16 号`, `铜府办发（2019）16号` … to 铜府办发〔2019〕16号."""
    text = re.sub(r"[\s\u3000]+", "", raw or "").translate(_BRACKETS)
    text = re.sub(r"(?<=〕)0+(?=\d)", "", text)  # 〔2019〕016号 → 〔2019〕16号
    match = _PATTERN.match(text)
    if not match:
        raise DocNumberError(
            f"发文字号“{raw}”格式不正确，应为“机关代字〔年份〕序号号”，如“铜府办发〔2019〕16号”。"
        )
    seq = int(match["seq"])
    if seq == 0:
        raise DocNumberError("发文字号的序号不能为0。")
    return DocNumber(match["prefix"], int(match["year"]), seq)


def normalise_doc_number(raw: str) -> str:
    return str(parse_doc_number(raw))
