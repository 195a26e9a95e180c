"""Field-level encryption of personal data at rest, and keyed blind indexes for exact search.

security.md §3.4 and 等保 L3-CES1-26/28: identity numbers, phone numbers, e-mail and postal
addresses of applicants are stored as AES-256-GCM ciphertexts (a 96-bit random nonce, a 128-bit
tag), never as plaintext. This module owns the keys, the token format, the model field and the
blind index; it knows no domain model.

Token stored in the column: ``kid:nonce:ciphertext`` — the key id, then the nonce and the
ciphertext+tag, each in standard base64. The associated data (AAD) is the column's context
``<db_table>.<column>``, so a ciphertext copied into another column (or another table) fails to
decrypt instead of showing another person's data there. A token whose tag does not verify is
refused with `CryptoError` — never returned as garbage.

Keys (settings, read from the environment by config/settings/base.py):

- ``ZWGK_FIELD_KEYS`` = ``"kid1:base64key,kid2:base64key"``: 32-byte AES keys, the first is the
  current one (new values are encrypted with it); the others still decrypt older rows until
  ``zwgk crypto rotate`` has re-encrypted them.
- ``ZWGK_BLIND_INDEX_KEY`` = base64 of a separate 32-byte HMAC key for the blind indexes
  (HMAC-SHA256 over the normalised value, truncated to 16 bytes; security.md §3.4 names HMAC-SM3
  for the 国密 variant). Changing it invalidates every stored index.

Values decrypt lazily: a model field holds a `Secret`, whose str() and repr() never show the
plaintext (so it cannot slip into a log line, a traceback or a template by accident); the one
way to the plaintext is `Secret.reveal()`, which callers must audit when a person sees it.

SM4-GCM is the 国密 drop-in (security.md §3.4) if 密评 is in scope; the token carries the key id,
so a second algorithm could be introduced with its own key ids.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .errors import DomainError

KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
KEY_BYTES = 32
NONCE_BYTES = 12
INDEX_BYTES = 16


class CryptoError(DomainError):
    """A ciphertext that cannot be decrypted: altered, moved to another column, or its key is
    not configured. The message never contains the value."""


@dataclass(frozen=True)
class KeyRing:
    """The configured keys: `current` encrypts, every key in `keys` decrypts."""

    keys: dict[str, bytes]
    current: str
    index_key: bytes

    def key(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise CryptoError(
                f"加密数据使用的密钥“{kid}”未配置（ZWGK_FIELD_KEYS），无法解密。"
                "请把该密钥加回配置，或在轮换完成前不要移除旧密钥。"
            ) from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def parse_keys(spec: str) -> dict[str, bytes]:
    """``"kid1:b64,kid2:b64"`` → {kid: key}, in order (the first is current).

    Raises ImproperlyConfigured with a message that names the bad entry but not the key."""
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(item.strip() for item in spec.split(",") if item.strip()):
        kid, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID_RE.match(kid):
            raise ImproperlyConfigured(
                f"ZWGK_FIELD_KEYS entry {position + 1}: expected kid:base64key "
                "(kid of 1-16 letters, digits, _ or -)."
            )
        try:
            key = _unb64(encoded.strip())
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"ZWGK_FIELD_KEYS key {kid!r} is not valid base64."
            ) from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"ZWGK_FIELD_KEYS key {kid!r} must be {KEY_BYTES} bytes (base64 of 32 random "
                f"bytes), not {len(key)}."
            )
        if kid in keys:
            raise ImproperlyConfigured(f"ZWGK_FIELD_KEYS names key {kid!r} twice.")
        keys[kid] = key
    if not keys:
        raise ImproperlyConfigured(
            "ZWGK_FIELD_KEYS is empty: set kid:base64key (see .env.example; `zwgk crypto genkey`)."
        )
    return keys


def parse_index_key(encoded: str) -> bytes:
    try:
        key = _unb64(encoded.strip())
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("ZWGK_BLIND_INDEX_KEY is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"ZWGK_BLIND_INDEX_KEY must be {KEY_BYTES} bytes.")
    return key


@functools.lru_cache(maxsize=8)
def _ring_from(spec: str, index_spec: str) -> KeyRing:
    keys = parse_keys(spec)
    return KeyRing(keys=keys, current=next(iter(keys)), index_key=parse_index_key(index_spec))


def keyring() -> KeyRing:
    """The key ring from the settings (parsed once per distinct configuration)."""
    spec = getattr(settings, "ZWGK_FIELD_KEYS", "") or ""
    index_spec = getattr(settings, "ZWGK_BLIND_INDEX_KEY", "") or ""
    if not index_spec:
        raise ImproperlyConfigured("ZWGK_BLIND_INDEX_KEY is not set (see .env.example).")
    return _ring_from(spec, index_spec)


def generate_key() -> str:
    """A fresh random 32-byte key in base64, for ZWGK_FIELD_KEYS or ZWGK_BLIND_INDEX_KEY."""
    return _b64(os.urandom(KEY_BYTES))


# --- Encryption ----------------------------------------------------------------------------------


def encrypt(plaintext: str, *, context: str, ring: KeyRing | None = None) -> str:
    """Encrypt `plaintext` for the column `context` under the current key."""
    ring = ring or keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current)).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    return f"{ring.current}:{_b64(nonce)}:{_b64(sealed)}"


def split_token(token: str) -> tuple[str, bytes, bytes]:
    parts = token.split(":")
    if len(parts) != 3 or not KEY_ID_RE.match(parts[0]):
        raise CryptoError("加密数据格式不正确（应为“密钥编号:随机数:密文”），无法解密。")
    try:
        nonce, sealed = _unb64(parts[1]), _unb64(parts[2])
    except (binascii.Error, ValueError):
        raise CryptoError("加密数据不是有效的 base64 编码，无法解密。") from None
    if len(nonce) != NONCE_BYTES or len(sealed) < 16:
        raise CryptoError("加密数据长度不正确，可能已损坏，无法解密。")
    return parts[0], nonce, sealed


def decrypt(token: str, *, context: str, ring: KeyRing | None = None) -> str:
    """The plaintext of `token` stored in column `context`; CryptoError if it does not verify
    (altered, truncated, moved from another column, or encrypted under an unknown key)."""
    ring = ring or keyring()
    kid, nonce, sealed = split_token(token)
    try:
        plain = AESGCM(ring.key(kid)).decrypt(nonce, sealed, context.encode("utf-8"))
    except InvalidTag:
        raise CryptoError(
            "加密数据校验失败：密文已被篡改、损坏，或不属于此字段，系统拒绝显示。"
        ) from None
    return plain.decode("utf-8")


def key_id(token: str) -> str:
    return token.split(":", 1)[0]


def reencrypt(token: str, *, context: str, ring: KeyRing | None = None) -> str:
    """The same value under the current key (rotation). Verifies the old token first."""
    ring = ring or keyring()
    return encrypt(decrypt(token, context=context, ring=ring), context=context, ring=ring)


def encrypt_bytes(data: bytes, *, context: str, ring: KeyRing | None = None) -> bytes:
    """Encrypt a file's content (e.g. an uploaded identity document); the same token format,
    as ASCII bytes. `context` names the file's place (e.g. "disclosure_requests.file:<pk>")."""
    ring = ring or keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current)).encrypt(nonce, data, context.encode("utf-8"))
    return f"{ring.current}:{_b64(nonce)}:{_b64(sealed)}".encode("ascii")


def decrypt_bytes(token: bytes, *, context: str, ring: KeyRing | None = None) -> bytes:
    ring = ring or keyring()
    try:
        text = token.decode("ascii")
    except UnicodeDecodeError:
        raise CryptoError("加密文件格式不正确，无法解密。") from None
    kid, nonce, sealed = split_token(text)
    try:
        return AESGCM(ring.key(kid)).decrypt(nonce, sealed, context.encode("utf-8"))
    except InvalidTag:
        raise CryptoError("加密文件校验失败：文件已被篡改或损坏，系统拒绝提供。") from None


# --- Blind index ---------------------------------------------------------------------------------


def normalise(value: str) -> str:
    """The form the blind index hashes: NFKC (full-width digits become ASCII), no spaces or
    hyphens, upper case (the X of an identity number)."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-－]", "", text).upper()


def blind_index(value: str, *, kind: str, ring: KeyRing | None = None) -> str:
    """HMAC-SHA256(index key, kind ‖ normalised value), 16 bytes in hex; "" for an empty value.

    `kind` ("id_number", "phone" …) separates the value spaces, so an identity number and a
    phone number with the same digits do not share an index."""
    normal = normalise(value)
    if not normal:
        return ""
    ring = ring or keyring()
    digest = hmac.new(ring.index_key, f"{kind}\x00{normal}".encode(), hashlib.sha256).digest()
    return digest[:INDEX_BYTES].hex()


# --- The value object and the model field --------------------------------------------------------


class Secret:
    """An encrypted value as loaded from the database; decrypted only by `reveal()`.

    str() and repr() show a placeholder, never the value, so a Secret in a log call, an error
    report or a template renders harmlessly. Empty values are `Secret("")` and reveal "".
    """

    __slots__ = ("_context", "_token")

    PLACEHOLDER = "〔已加密〕"

    def __init__(self, token: str, context: str) -> None:
        self._token = token
        self._context = context

    @property
    def token(self) -> str:
        return self._token

    @property
    def context(self) -> str:
        return self._context

    @property
    def key_id(self) -> str:
        return key_id(self._token) if self._token else ""

    def reveal(self) -> str:
        return decrypt(self._token, context=self._context) if self._token else ""

    def __bool__(self) -> bool:
        return bool(self._token)

    def __str__(self) -> str:
        return self.PLACEHOLDER if self._token else ""

    def __repr__(self) -> str:
        return f"<Secret {self.key_id or 'empty'}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self._token == other._token and self._context == other._context
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._token, self._context))


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column holding `kid:nonce:ciphertext`; the Python value is a `Secret`.

    Assign a plain `str` to store a new value (encrypted on save with the current key), or a
    `Secret` (kept as it is when it belongs to this column, re-encrypted otherwise). The column
    is never searched by value: pair it with a blind-index column (`blind_index()`).
    """

    description = "Encrypted text (AES-256-GCM)"

    @property
    def crypto_context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Secret | None:
        if value is None:
            return None
        return Secret(value, self.crypto_context)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, Secret | str):
            return value
        return str(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        # Encrypt once, and leave a Secret on the instance: after save() the object behaves as
        # one loaded from the database, and the plaintext no longer sits on it.
        value = getattr(model_instance, self.attname)
        if value is not None and not isinstance(value, Secret):
            text = str(value)
            token = encrypt(text, context=self.crypto_context) if text else ""
            value = Secret(token, self.crypto_context)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Secret):
            if value.context == self.crypto_context or not value.token:
                return value.token
            return encrypt(value.reveal(), context=self.crypto_context)
        text = str(value)
        return encrypt(text, context=self.crypto_context) if text else ""

    def value_to_string(self, obj: Any) -> str:
        # Serialisation (dumpdata) keeps the token, never the plaintext.
        value = self.value_from_object(obj)
        return value.token if isinstance(value, Secret) else ""

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertexts is meaningless (random nonces); only null checks make sense.
        # `startswith` (on the raw token: the key id) serves rotation; `exact` only for "".
        if lookup_name not in {"isnull", "exact", "startswith"}:
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    """Every EncryptedTextField of every installed model (for rotation and status)."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def check_keys(**kwargs: Any) -> list[Any]:
    """System check: the keys are configured and well-formed (registered by an app that stores
    encrypted fields), so a bad deployment fails at start-up, not on the first application."""
    from django.core import checks

    try:
        keyring()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="zwgk.E101")]
    return []
