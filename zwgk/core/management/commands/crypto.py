"""`zwgk crypto`: keys and rotation of the encrypted personal-data fields (zwgk/core/crypto.py).

    zwgk crypto genkey             a new random 32-byte key (base64) for ZWGK_FIELD_KEYS or
                                   ZWGK_BLIND_INDEX_KEY
    zwgk crypto status             rows per key id for every encrypted column
    zwgk crypto rotate [--batch N] re-encrypt every value not under the current key (the first of
                                   ZWGK_FIELD_KEYS), in batches, with progress; one audit row

Rotation: put the new kid:key first in ZWGK_FIELD_KEYS, keep the old key after it, restart the
services, run `zwgk crypto rotate`, check `zwgk crypto status`, then remove the old key. A value
that fails to decrypt (altered, or its key missing) stops the run with a Chinese message and
leaves that batch unchanged; values are never printed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zwgk.core import audit, crypto


class Command(BaseCommand):
    help = "Encrypted fields: genkey, status, rotate (re-encrypt under the current key)."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        verbs.add_parser("genkey", help="print a new random key (base64 of 32 bytes)")
        verbs.add_parser("status", help="rows per key id for every encrypted column")
        rotate = verbs.add_parser("rotate", help="re-encrypt values under the current key")
        rotate.add_argument("--batch", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "genkey":
            self.stdout.write(crypto.generate_key())
            return
        try:
            ring = crypto.keyring()
        except Exception as error:
            raise CommandError(f"密钥配置有误：{error}") from error
        if verb == "status":
            self._status(ring)
        else:
            self._rotate(ring, max(1, min(int(options["batch"]), 5000)))

    def _status(self, ring: crypto.KeyRing) -> None:
        self.stdout.write(f"当前密钥：{ring.current}；已配置：{'、'.join(ring.keys)}")
        for model, field in crypto.encrypted_fields():
            counts: Counter[str] = Counter()
            tokens = model._default_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for secret in tokens.values_list(field.attname, flat=True).iterator():
                counts[secret.key_id if isinstance(secret, crypto.Secret) else "?"] += 1
            summary = "，".join(f"{kid}: {n}" for kid, n in sorted(counts.items())) or "无数据"
            self.stdout.write(f"{field.crypto_context}  {summary}")

    def _rotate(self, ring: crypto.KeyRing, batch: int) -> None:
        prefix = f"{ring.current}:"
        total = 0
        per_column: dict[str, int] = {}
        for model, field in crypto.encrypted_fields():
            name = field.attname
            stale = (
                model._default_manager.exclude(**{f"{name}__startswith": prefix})
                .exclude(**{name: ""})
                .exclude(**{f"{name}__isnull": True})
            )
            remaining = stale.count()
            done = 0
            last_pk: Any = None
            while True:
                rows = stale.order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                chunk = list(rows.values_list("pk", name)[:batch])
                if not chunk:
                    break
                with transaction.atomic():
                    for pk, secret in chunk:
                        token = secret.token if isinstance(secret, crypto.Secret) else str(secret)
                        try:
                            fresh = crypto.reencrypt(token, context=field.crypto_context, ring=ring)
                        except crypto.CryptoError as error:
                            raise CommandError(
                                f"{field.crypto_context} 第 {pk} 行无法解密：{error.message}"
                            ) from error
                        # Compare-and-swap: only if the row still holds the token we read.
                        model._default_manager.filter(Q(pk=pk) & Q(**{name: secret})).update(
                            **{name: crypto.Secret(fresh, field.crypto_context)}
                        )
                done += len(chunk)
                last_pk = chunk[-1][0]
                self.stdout.write(f"{field.crypto_context}: {done}/{remaining}")
            if done:
                per_column[field.crypto_context] = done
                total += done
        with transaction.atomic():
            audit.record(
                action="core.crypto.rotated",
                by=None,
                at=timezone.now(),
                target_type="core.crypto",
                target_id=ring.current,
                target_label=f"密钥 {ring.current}",
                after={"current": ring.current, "columns": per_column, "total": total},
            )
        self.stdout.write(f"完成：{total} 个值已使用密钥 {ring.current} 重新加密。")
