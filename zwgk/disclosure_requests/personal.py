"""The applicant's personal data: validation (条例 art. 29 (一)), masks for display
(security.md §3.3) and the blind indexes used to find an applicant without decrypting.

Values are validated and normalised here, encrypted by the model fields (zwgk.core.crypto),
indexed with `crypto.blind_index`, and shown masked everywhere except through the one audited
reveal service.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zwgk.core import crypto
from zwgk.core.masking import mask_id_number, mask_mobile
from zwgk.textcheck.pii import is_id_number
from zwgk.textcheck.uscc import is_valid_uscc

from .statute import ApplicantType, IdDocumentType

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
OTHER_ID_RE = re.compile(r"^[A-Z0-9()（）-]{5,30}$")

INDEX_ID = "id_number"
INDEX_PHONE = "phone"


class PersonalDataError(ValueError):
    """A value that is not what it claims to be; the message is for the person who typed it."""


def _clean(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def normalise_id_number(id_type: str, value: str) -> str:
    """The identity number in its stored form, or PersonalDataError with a Chinese message.

    居民身份证: 18 characters with a valid check character (GB 11643; textcheck.pii); 统一社会信用
    代码: GB 32100 check character (textcheck.uscc); other documents: 5–30 letters and digits.
    """
    number = re.sub(r"[\s-]", "", _clean(value)).upper()
    if not number:
        raise PersonalDataError("请填写身份证明号码。")
    if id_type == IdDocumentType.RESIDENT_ID:
        if len(number) != 18 or not is_id_number(number):
            raise PersonalDataError("居民身份证号码不正确（应为18位，且校验位正确）。")
    elif id_type == IdDocumentType.USCC:
        if not is_valid_uscc(number):
            raise PersonalDataError("统一社会信用代码不正确（应为18位，且校验位正确）。")
    elif id_type in IdDocumentType.values:
        if not OTHER_ID_RE.match(number):
            raise PersonalDataError("证件号码应为5至30位字母或数字。")
    else:
        raise PersonalDataError("请选择身份证明类型。")
    return number


def check_id_type(applicant_type: str, id_type: str) -> None:
    if applicant_type not in ApplicantType.values:
        raise PersonalDataError("请选择申请人类型。")
    if applicant_type == ApplicantType.NATURAL_PERSON and id_type == IdDocumentType.USCC:
        raise PersonalDataError("自然人申请请填写个人身份证件，不能填写统一社会信用代码。")
    if applicant_type != ApplicantType.NATURAL_PERSON and id_type != IdDocumentType.USCC:
        raise PersonalDataError("法人或其他组织申请请填写统一社会信用代码。")


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[\s()（）]", "", _clean(value))
    if not phone:
        return ""
    if MOBILE_RE.match(phone) or LANDLINE_RE.match(phone):
        return phone
    raise PersonalDataError("联系电话格式不正确（手机号11位，固定电话如023-45678901）。")


def normalise_email(value: str) -> str:
    email = _clean(value)
    if email and not EMAIL_RE.match(email):
        raise PersonalDataError("电子邮箱格式不正确。")
    return email.lower() if email else ""


# --- Masks (display only; security.md §3.3) ------------------------------------------------------


def mask_id(value: str) -> str:
    """5001**********1234; length kept."""
    return mask_id_number(value) if value else ""


def mask_phone(value: str) -> str:
    """138****5678 for a mobile; a landline keeps its area code and last two digits."""
    if not value:
        return ""
    if MOBILE_RE.match(value):
        return mask_mobile(value)
    digits_at = [i for i, ch in enumerate(value) if ch.isdigit()]
    keep = set(digits_at[-2:]) | set(range(value.find("-") + 1 if "-" in value else 0))
    return "".join(ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(value))


def mask_email(value: str) -> str:
    """a***@example.com."""
    if not value or "@" not in value:
        return ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


ADDRESS_CUT = re.compile(r"^.*?(街道|镇|乡|区|县)")


def mask_address(value: str) -> str:
    """重庆市铜梁区巴川街道**** — kept up to the 街道/镇/乡 (or 区/县), the rest masked."""
    if not value:
        return ""
    match = ADDRESS_CUT.match(value)
    if match is None:
        return value[:2] + "****"
    kept = match.group(0)
    # Prefer the finer level when a 街道/镇/乡 follows the 区/县.
    finer = re.match(r"^.*?(区|县).*?(街道|镇|乡)", value)
    if finer is not None and len(finer.group(0)) > len(kept):
        kept = finer.group(0)
    return kept + "****"


def mask_name(value: str) -> str:
    """张*, 李** (security.md §3.3)."""
    return value[:1] + "*" * (len(value) - 1) if len(value) > 1 else value


# --- Blind indexes --------------------------------------------------------------------------------


def id_index(number: str) -> str:
    return crypto.blind_index(number, kind=INDEX_ID) if number else ""


def phone_index(phone: str) -> str:
    return crypto.blind_index(phone, kind=INDEX_PHONE) if phone else ""


@dataclass(frozen=True)
class Contact:
    """Validated contact details with their masks and indexes, ready for the model."""

    phone: str
    email: str
    address: str

    def fields(self) -> dict[str, str]:
        return {
            "phone": self.phone,
            "phone_index": phone_index(self.phone),
            "phone_masked": mask_phone(self.phone),
            "email": self.email,
            "email_masked": mask_email(self.email),
            "address": self.address,
            "address_masked": mask_address(self.address),
        }
