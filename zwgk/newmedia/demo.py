"""Demo 政务新媒体 accounts of the demo district (for `zwgk demo_site`).

NOT real: the account names, IDs, administrators and phone numbers are invented placeholders
for the demonstration (the host units are the district's real units). Some accounts post
regularly; others are stale on purpose — day 11 without a post (the warning), day 16 (the
veto), four months (dormant) — so the findings, alerts and work orders have something to show.
Idempotent: nothing is added when the district already has accounts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from zwgk.orgs.models import Membership, Role, Unit

from .adapters.base import FetchedPost
from .importer import import_accounts
from .ingest import post_hash
from .models import MediaAccount, Post
from .monitor import evaluate_all

# unit code, platform, name, days since the last post (None: no post seen), posts every n days
DEMO_ACCOUNTS = (
    ("tlq-zfb", "微信订阅号", "铜梁发布（演示）", 0, 1),
    ("tlq-zfb", "移动客户端", "铜梁通（演示）", 1, 2),
    ("tlq-jw", "微信订阅号", "铜梁教育（演示）", 1, 2),
    ("tlq-jw", "微博", "铜梁教育微博（演示）", 11, 3),
    ("tlq-mzj", "微信服务号", "铜梁民政（演示）", 2, 5),
    ("tlq-wjw", "微信订阅号", "健康铜梁（演示）", 16, 4),
    ("tlq-rsj", "抖音", "铜梁人社（演示）", 3, 3),
    ("tlq-gaj", "微博", "铜梁警方（演示）", 0, 1),
    ("tlq-wlw", "今日头条", "文旅铜梁（演示）", 120, 7),
    ("tlq-bachuan", "微信订阅号", "巴川街道（演示）", 5, 4),
    ("tlq-anju", "快手", "安居古城（演示）", None, 0),
)


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，未添加政务新媒体账号。"
    if MediaAccount.objects.filter(district=district).exists():
        return "已有政务新媒体账号，未重复添加。"
    supervisor = (
        Membership.objects.active()
        .filter(
            role=Role.SUPERVISOR,
            unit__is_competent_office=True,
            unit__path__startswith=district.path,
        )
        .select_related("user")
        .first()
    )
    if supervisor is None:
        return "未找到区政府办督查人员，未添加政务新媒体账号。"
    codes = {u.code: u.name for u in Unit.objects.filter(code__in=[a[0] for a in DEMO_ACCOUNTS])}
    lines = ["主办单位,平台类型,账号名称,开设时间,管理员,管理员电话,联系人,联系电话"]
    for n, (code, platform, name, _last, _every) in enumerate(DEMO_ACCOUNTS):
        if code not in codes:
            continue
        admin = "" if name.startswith("安居") else f"演示管理员{n}"
        phone = "" if not admin else f"1380000{n:04d}"
        lines.append(
            f"{codes[code]},{platform},{name},2019-07-01,{admin},{phone},演示联系人{n},023-4568{n:04d}"
        )
    count = import_accounts(
        data="\n".join(lines).encode("utf-8"), filename="演示账号.csv", by=supervisor.user, at=at
    )
    accounts = {a.name: a for a in MediaAccount.objects.filter(district=district)}
    posts = 0
    for _code, _platform, name, last, every in DEMO_ACCOUNTS:
        account = accounts.get(name)
        if account is None or last is None:
            continue
        rows = []
        for i in range(40):
            when = at - timedelta(days=last + i * every, hours=2)
            fetched = FetchedPost(published_at=when, title=f"{name} 第{40 - i}期动态")
            rows.append(
                Post(
                    account=account,
                    published_at=when,
                    title=fetched.title,
                    hash=post_hash(fetched),
                    fetched_at=at,
                )
            )
        Post.objects.bulk_create(rows, ignore_conflicts=True)
        MediaAccount.objects.filter(pk=account.pk).update(last_post_at=rows[0].published_at)
        posts += len(rows)
    findings = evaluate_all(at=at)
    return f"添加 {count} 个演示账号、{posts} 条发布记录，规则检查发现 {findings} 项问题。"
