"""The compiled checker for the current dictionaries, rebuilt when any list changes."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from zwgk.textcheck import Checker, Dictionaries
from zwgk.textcheck.expressions import DEFAULT_WRONG_FORMS, Leader

from .models import LeaderTitle, SensitiveWord, WrongExpression

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], Checker] | None = None


def _stamp() -> tuple[object, ...]:
    """Changes whenever a row is added, changed or removed in any list (count + newest time)."""
    return tuple(
        tuple(model.objects.aggregate(n=Count("pk"), t=Max("updated_at")).values())
        for model in (SensitiveWord, WrongExpression, LeaderTitle)
    )


def build_checker() -> Checker:
    wrong = {e.wrong: e.right for e in WrongExpression.objects.filter(is_active=True)}
    return Checker(
        Dictionaries(
            sensitive_words={
                w.word: w.category for w in SensitiveWord.objects.filter(is_active=True)
            },
            wrong_forms={**DEFAULT_WRONG_FORMS, **wrong},
            leaders=[Leader(x.name, x.title) for x in LeaderTitle.objects.filter(is_active=True)],
        )
    )


def get_checker() -> Checker:
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    checker = build_checker()
    with _lock:
        _cached = (stamp, checker)
    return checker
