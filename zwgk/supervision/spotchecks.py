"""抽查: seeded random samples of documents, applications, letters, accounts and sites per
unit, each checked against the checklist of its kind; the results feed the assessment
(assessment.py reads the pass rate per unit and year).

Populations come from a registry like the problem sources: documents and applications are
registered here (read-only queries of those registers); the apps of letters (mailbox), accounts
(newmedia) and sites (monitoring) register theirs from their ready() (each in its
spotcheck_population.py):

    from zwgk.supervision import spotchecks
    spotchecks.register_population("accounts", fn)   # fn(unit_ids) -> Iterable[Sampled]

Sampling: `random.Random(seed)` over each unit's population sorted by reference, so a recorded
seed draws the same sample again (verify_sample).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.orgs.models import Unit

from .models import SpotCheck, SpotCheckItem
from .permissions import supervises

KINDS: dict[str, str] = {
    "documents": "主动公开文件",
    "applications": "依申请公开申请",
    "letters": "信箱来信",
    "accounts": "政务新媒体账号",
    "sites": "政府网站",
}

# Checklists: what the checker confirms for each sampled object, with the rule it comes from.
CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("attribute", "公开属性明确（铜府办发〔2019〕16号 一(二)1）"),
        ("timely", "自形成或变更之日起20个工作日内公开（条例第二十六条）"),
        ("metadata", "索引号、发文字号、成文日期、发布日期等要素完整（国办公开办函〔2019〕61号）"),
        ("interpretation", "需要解读的政策同步发布解读（铜府办发〔2019〕16号 三(一)）"),
        ("content", "无个人隐私、密级标志等不应公开的内容（条例第十四、十五条）"),
    ),
    "applications": (
        ("registered", "登记要素完整（条例第二十九条）"),
        ("timely", "在法定期限内答复（条例第三十三条）"),
        ("basis", "答复书写明依据和理由（条例第三十六条）"),
        ("remedy", "告知救济途径和期限（行政复议法第二十条）"),
        ("delivered", "有送达记录"),
    ),
    "letters": (
        (
            "timely",
            "在信箱规定的办理期限内回复（信箱设定的答复工作日数；rules.md §4.4：约5个工作日为"
            "部分省级规定，非全国统一）",
        ),
        ("reviewed", "回复经单位负责人审核后发出（先审后发）"),
        ("answered", "回复针对来信诉求"),
        (
            "published",
            "仅在来信人同意公开时公开，公开内容不含个人信息（铜府办发〔2019〕16号 三(二)2；"
            "条例第十五条）",
        ),
    ),
    "accounts": (
        (
            "filed",
            "开设、变更已按规定备案（国办发〔2018〕123号，rules.md §5，原文措辞 UNCONFIRMED）",
        ),
        ("updated", "监测前2周内有更新（国办秘函〔2019〕19号，rules.md §4.3）"),
        ("interaction", "提供有效互动功能（rules.md §4.3）"),
        (
            "administrator",
            "明确账号管理员及联系方式（国办发〔2018〕123号，rules.md §5 账号登记“责任人”）",
        ),
    ),
    "sites": (
        ("no_veto", "无未整改的单项否决问题（国办秘函〔2019〕19号，rules.md §4.2）"),
        ("rectified", "整改通知在期限内答复（rules.md §4.2）"),
        ("reachable", "站点可以正常访问（rules.md §4.2）"),
        ("home_updated", "首页2周内有更新（rules.md §4.2）"),
        ("columns_updated", "栏目按要求更新，无空白栏目（rules.md §4.2）"),
        ("interaction", "网民留言按时答复（rules.md §4.2）"),
    ),
}
MAX_PER_UNIT = 50


class SpotCheckError(DomainError):
    pass


@dataclass(frozen=True)
class Sampled:
    unit_id: int
    reference: str
    label: str
    url: str = ""


Population = Callable[[Collection[int]], Iterable[Sampled]]
_populations: dict[str, Population] = {}


def register_population(kind: str, fn: Population) -> Population:
    if kind not in KINDS:
        raise ValueError(f"unknown spot-check kind {kind!r}")
    _populations[kind] = fn
    return fn


def available_kinds() -> list[str]:
    return [kind for kind in KINDS if kind in _populations]


def _documents(unit_ids: Collection[int]) -> Iterable[Sampled]:
    from zwgk.documents.models import Document, Status

    rows = Document.objects.filter(
        publishing_unit_id__in=list(unit_ids), status=Status.PUBLISHED
    ).values_list("pk", "publishing_unit_id", "title")
    for pk, unit_id, title in rows:
        yield Sampled(
            unit_id,
            f"documents.document:{pk}",
            title[:300],
            reverse("documents:detail", kwargs={"pk": pk}),
        )


def _applications(unit_ids: Collection[int]) -> Iterable[Sampled]:
    from zwgk.disclosure_requests.models import DisclosureRequest

    rows = DisclosureRequest.objects.filter(
        handling_unit_id__in=list(unit_ids), reply__isnull=False
    ).values_list("pk", "handling_unit_id", "number")
    for pk, unit_id, number in rows:
        yield Sampled(
            unit_id,
            f"disclosure_requests.request:{pk}",
            f"申请{number}",
            reverse("disclosure_requests:detail", kwargs={"pk": pk}),
        )


register_population("documents", _documents)
register_population("applications", _applications)


def draw(population: list[Sampled], per_unit: int, seed: int) -> list[Sampled]:
    """Each unit's sample: `per_unit` objects (all when fewer), by a generator seeded with
    `seed` and the unit id, over the population sorted by reference."""
    by_unit: dict[int, list[Sampled]] = {}
    for sampled in population:
        by_unit.setdefault(sampled.unit_id, []).append(sampled)
    chosen: list[Sampled] = []
    for unit_id in sorted(by_unit):
        objects = sorted(by_unit[unit_id], key=lambda s: s.reference)
        rng = random.Random(f"{seed}:{unit_id}")  # noqa: S311 — sampling, not security
        chosen += rng.sample(objects, min(per_unit, len(objects)))
    return chosen


@transaction.atomic
def start_spot_check(
    *,
    by: Any,
    at: datetime,
    district: Unit,
    title: str,
    kind: str,
    per_unit: int,
    seed: int | None = None,
) -> SpotCheck:
    if not supervises(by, district) or district.parent_id is not None:
        raise PermissionDeniedError("只有区政府办的督查人员可以组织抽查。")
    title = title.strip()
    if not title or len(title) > 200:
        raise SpotCheckError("请填写抽查名称（不超过200字）。")
    if kind not in KINDS:
        raise SpotCheckError("请选择抽查对象。")
    if kind not in _populations:
        raise SpotCheckError(f"“{KINDS[kind]}”的台账尚未接入本系统，暂不能抽取样本。")
    if not 1 <= per_unit <= MAX_PER_UNIT:
        raise SpotCheckError(f"每个单位抽取1至{MAX_PER_UNIT}件。")
    seed = secrets.randbits(48) if seed is None else seed
    unit_ids = list(Unit.objects.within(district).values_list("pk", flat=True))
    population = list(_populations[kind](unit_ids))
    sizes: dict[str, int] = {}
    for sampled in population:
        sizes[str(sampled.unit_id)] = sizes.get(str(sampled.unit_id), 0) + 1
    check = SpotCheck.objects.create(
        district=district,
        title=title,
        kind=kind,
        per_unit=per_unit,
        seed=seed,
        population=sizes,
        created_by=by,
        created_at=at,
    )
    SpotCheckItem.objects.bulk_create(
        SpotCheckItem(
            spot_check=check,
            unit_id=s.unit_id,
            object_ref=s.reference,
            label=s.label,
            url=s.url[:300],
        )
        for s in draw(population, per_unit, seed)
    )
    audit.record(
        action="supervision.spot_check.drawn",
        by=by,
        at=at,
        target=check,
        after={"kind": kind, "per_unit": per_unit, "seed": seed, "population": sizes},
    )
    return check


def verify_sample(check: SpotCheck) -> bool:
    """Draw again with the recorded seed from today's population: True when the same objects
    come out (False when the population changed since)."""
    unit_ids = list(Unit.objects.within(check.district).values_list("pk", flat=True))
    again = {
        s.reference
        for s in draw(list(_populations[check.kind](unit_ids)), check.per_unit, check.seed)
    }
    return again == set(check.items.values_list("object_ref", flat=True))


@transaction.atomic
def record_result(
    *, by: Any, at: datetime, item: SpotCheckItem, results: dict[str, bool], note: str
) -> SpotCheckItem:
    item = SpotCheckItem.objects.select_for_update().select_related("spot_check").get(pk=item.pk)
    if not supervises(by, item.spot_check.district):
        raise PermissionDeniedError("只有区政府办的督查人员可以记录抽查结果。")
    keys = [key for key, _label in CHECKLISTS[item.spot_check.kind]]
    if set(results) != set(keys):
        raise SpotCheckError("请逐项勾选检查结果。")
    note = note.strip()
    if len(note) > 2000:
        raise SpotCheckError("说明不超过2000字。")
    if not all(results.values()) and not note:
        raise SpotCheckError("有不合格项时请写明问题。")
    before = {"results": item.results, "passed": item.passed}
    item.results = {key: bool(results[key]) for key in keys}
    item.passed = all(item.results.values())
    item.note, item.checked_by, item.checked_at = note, by, at
    item.save()
    audit.record(
        action="supervision.spot_check.checked",
        by=by,
        at=at,
        target=item.spot_check,
        unit=item.unit,
        before=before,
        after={"item": item.pk, "results": item.results, "passed": item.passed},
    )
    return item


def pass_rates(unit_ids: Collection[int], year: int) -> dict[int, tuple[int, int]]:
    """(passed, checked) per unit over the spot checks of `year` (for the assessment)."""
    rates: dict[int, tuple[int, int]] = {}
    items = SpotCheckItem.objects.filter(
        unit_id__in=list(unit_ids), spot_check__created_at__year=year, passed__isnull=False
    ).values_list("unit_id", "passed")
    for unit_id, passed in items:
        ok, total = rates.get(unit_id, (0, 0))
        rates[unit_id] = (ok + (1 if passed else 0), total + 1)
    return rates


def problems_from_spot_checks(
    start: Any, end: Any, unit_ids: Collection[int] | None
) -> Iterable[Any]:
    """Problem source `supervision.spot_check`: failed checklist items, dated when checked."""
    from django.utils import timezone

    from .problems import SERIOUS, Problem

    items = SpotCheckItem.objects.filter(passed=False).select_related("spot_check")
    if unit_ids is not None:
        items = items.filter(unit_id__in=list(unit_ids))
    for item in items:
        day = timezone.localdate(item.checked_at)
        if not start <= day <= end:
            continue
        labels = dict(CHECKLISTS[item.spot_check.kind])
        failed = "、".join(labels[k].split("（")[0] for k, ok in item.results.items() if not ok)
        yield Problem(
            unit_id=item.unit_id,
            source="supervision.spot_check",
            kind="抽查不合格",
            summary=f"{item.spot_check.title}：{item.label}——{failed}。{item.note}",
            occurred_on=day,
            severity=SERIOUS,
            evidence_url=item.url,
            reference=f"supervision.spotcheckitem:{item.pk}",
        )
