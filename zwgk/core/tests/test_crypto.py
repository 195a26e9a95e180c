"""Field encryption (zwgk/core/crypto.py): round trips, tampering, moved ciphertexts, key
rotation, the blind index. The model field and `zwgk crypto rotate` are tested on a real model in
zwgk/disclosure_requests/tests/test_encrypted_fields.py (core imports no domain app)."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from zwgk.core import crypto

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()
INDEX = base64.b64encode(b"I" * 32).decode()


def ring(spec: str) -> crypto.KeyRing:
    return crypto._ring_from(spec, INDEX)


def test_round_trip_and_format():
    token = crypto.encrypt("500224199003071234", context="t.c", ring=ring(f"k1:{KEY_A}"))
    kid, nonce, _sealed = token.split(":")
    assert kid == "k1" and len(base64.b64decode(nonce)) == 12
    assert "5002" not in token
    assert crypto.decrypt(token, context="t.c", ring=ring(f"k1:{KEY_A}")) == "500224199003071234"
    # a fresh nonce every time
    assert token != crypto.encrypt("500224199003071234", context="t.c", ring=ring(f"k1:{KEY_A}"))


@pytest.mark.parametrize("position", [10, 20, -3])
def test_tampered_ciphertext_is_refused(position):
    keys = ring(f"k1:{KEY_A}")
    token = crypto.encrypt("13812345678", context="t.c", ring=keys)
    kid, nonce, sealed = token.split(":")
    raw = bytearray(base64.b64decode(sealed))
    raw[position] ^= 0x01
    forged = f"{kid}:{nonce}:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(crypto.CryptoError, match="篡改"):
        crypto.decrypt(forged, context="t.c", ring=keys)


@pytest.mark.parametrize("token", ["", "k1", "k1:!!:??", "k1:AAAA:AAAA", "bad kid:AA:AA"])
def test_malformed_tokens_are_refused(token):
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(token, context="t.c", ring=ring(f"k1:{KEY_A}"))


def test_a_ciphertext_moved_to_another_column_does_not_decrypt():
    keys = ring(f"k1:{KEY_A}")
    token = crypto.encrypt("13812345678", context="requests.phone", ring=keys)
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(token, context="requests.id_number", ring=keys)


def test_old_keys_decrypt_and_rotation_moves_to_the_current_one():
    old = crypto.encrypt("secret", context="t.c", ring=ring(f"k1:{KEY_A}"))
    both = ring(f"k2:{KEY_B},k1:{KEY_A}")
    assert crypto.decrypt(old, context="t.c", ring=both) == "secret"
    new = crypto.reencrypt(old, context="t.c", ring=both)
    assert crypto.key_id(new) == "k2"
    with pytest.raises(crypto.CryptoError, match="未配置"):
        crypto.decrypt(old, context="t.c", ring=ring(f"k2:{KEY_B}"))


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "k1",
        "k1:notbase64!",
        f"k1:{base64.b64encode(b'short').decode()}",
        f"k1:{KEY_A},k1:{KEY_B}",
    ],
)
def test_bad_key_configuration(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keys(spec)


def test_blind_index_normalises_and_separates_kinds():
    keys = ring(f"k1:{KEY_A}")
    a = crypto.blind_index("50022419900307123x", kind="id_number", ring=keys)
    assert a == crypto.blind_index(" 500224 19900307123X ", kind="id_number", ring=keys)
    assert a == crypto.blind_index(
        "５００２２４１９９００３０７１２３Ｘ", kind="id_number", ring=keys
    )
    assert a != crypto.blind_index("50022419900307123X", kind="phone", ring=keys)
    assert len(a) == 32 and crypto.blind_index("", kind="phone", ring=keys) == ""


def test_secret_never_shows_its_value(settings):
    token = crypto.encrypt("13812345678", context="t.c")
    secret = crypto.Secret(token, "t.c")
    for text in (str(secret), repr(secret), f"{secret}", "%s" % secret):  # noqa: UP031
        assert "1381" not in text
    assert secret.reveal() == "13812345678"


def test_file_encryption_round_trip():
    blob = crypto.encrypt_bytes(b"\x89PNG scan", context="f:1")
    assert b"PNG" not in blob
    assert crypto.decrypt_bytes(blob, context="f:1") == b"\x89PNG scan"
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt_bytes(blob, context="f:2")


def test_genkey_prints_a_usable_key():
    out = io.StringIO()
    call_command("crypto", "genkey", stdout=out)
    key = out.getvalue().strip()
    assert len(base64.b64decode(key)) == 32
