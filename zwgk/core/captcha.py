"""A self-hosted, accessible challenge for public forms: a small arithmetic question in words
("七加五等于多少？"), answered in digits.

Why not an image captcha: an image needs an audio or text alternative for people who cannot see
it (GB/T 37668, WCAG 1.1.1), and a foreign captcha service is out of the question (PIPL art. 36,
security.md §2). A question in text is read by screen readers, works without JavaScript, images
or fonts, and costs no dependency. It stops indiscriminate form spam, not a determined attacker;
the per-client rate limits (ratelimit.py) and the honeypot carry the rest.

The answer never leaves the server in clear: the token given to the browser holds a random nonce
and a keyed digest of nonce and answer (HMAC with SECRET_KEY), signed with a timestamp. A token is
good for MAX_AGE seconds and for one attempt only (the nonce is marked used in the shared cache,
right or wrong), so one question cannot be tried twenty times.
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

SALT = "zwgk.core.captcha"
MAX_AGE = 2 * 60 * 60  # a long form may take a while to fill in
DIGITS = "零一二三四五六七八九"


def in_words(number: int) -> str:
    """0–99 in Chinese numerals: 7 → 七, 12 → 十二, 20 → 二十, 35 → 三十五."""
    if not 0 <= number < 100:
        raise ValueError(number)
    if number < 10:
        return DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


_WORDS = {in_words(n): n for n in range(100)} | {"两": 2}


def parse_answer(text: str) -> int | None:
    """Digits (full-width too) or Chinese numerals; None for anything else."""
    value = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if value.isascii() and value.isdigit() and len(value) <= 3:
        return int(value)
    return _WORDS.get(value)


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT + ".answer", f"{nonce}:{answer}").hexdigest()[:32]


def new_challenge() -> Challenge:
    """A fresh question and its token."""
    a = secrets.randbelow(15) + 3
    b = secrets.randbelow(9) + 1
    nonce = secrets.token_urlsafe(12)
    if secrets.randbelow(2):
        question = _("What is %(a)s plus %(b)s?") % {"a": in_words(a), "b": in_words(b)}
        answer = a + b
    else:
        a, b = max(a, b), min(a, b)
        question = _("What is %(a)s minus %(b)s?") % {"a": in_words(a), "b": in_words(b)}
        answer = a - b
    token = signing.dumps({"n": nonce, "d": _digest(nonce, answer)}, salt=SALT)
    return Challenge(question=question, token=token)


def verify(token: str, answer: str) -> bool:
    """True once for the right answer to an unexpired token; every attempt uses the token up."""
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return False
    if not isinstance(payload, dict):
        return False
    nonce, digest = str(payload.get("n", "")), str(payload.get("d", ""))
    if not nonce or not cache.add(f"captcha:used:{nonce}", 1, timeout=MAX_AGE + 60):
        return False
    number = parse_answer(answer)
    if number is None:
        return False
    return hmac.compare_digest(digest, _digest(nonce, number))
