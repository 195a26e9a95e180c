"""Demo key-area content for `zwgk demo_site`: a few documents published into key-area columns
through the documents workflow (clerk registers and submits, deputy and head approve, clerk
publishes), so that the completeness view has green, amber and red rows in `make run`.

区教委 publishes its enrolment plan, scope, conditions and school information and its budget
on time; its 录取结果 stays missing (the browser test's story). 区财政局 and 区民政局 publish
their budgets; the finance bureau also the first half-year's debt limit. Everything else stays
missing. Idempotent: a document of the same title in the same unit is not registered again.
Documents dated after `at` are skipped (no publication in the future).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from zwgk.documents import services
from zwgk.documents.models import Document, Topic
from zwgk.documents.statute import FIVE_CHECKS
from zwgk.orgs.models import Unit, User

ALL_CHECKS = {key: True for key, _label in FIVE_CHECKS}

# (unit code suffix, column slug, title with {year}, month, day)
DEMO_DOCUMENTS = (
    ("jw", "zd-ywzs-zsfa", "铜梁区{year}年义务教育招生工作方案", 5, 20),
    ("jw", "zd-ywzs-zsfw", "铜梁区{year}年义务教育学校招生范围", 5, 20),
    ("jw", "zd-ywzs-bmtj", "铜梁区{year}年义务教育入学报名条件", 5, 20),
    ("jw", "zd-ywzs-xxqk", "铜梁区{year}年义务教育学校基本情况", 6, 10),
    ("jw", "zd-ys", "重庆市铜梁区教育委员会{year}年部门预算", 3, 15),
    ("jw", "zd-xmwb", "重庆市铜梁区教育委员会{year}年项目文本和绩效目标", 3, 15),
    ("czj", "zd-ys", "重庆市铜梁区财政局{year}年部门预算", 3, 10),
    ("czj", "zd-zw-xe", "铜梁区{year}年政府债务限额情况", 6, 20),
    ("mzj", "zd-ys", "重庆市铜梁区民政局{year}年部门预算", 4, 20),
)


def _person(code: str, role: str) -> User | None:
    return User.objects.filter(username=f"{code}_{role}", is_active=True).first()


def seed_demo_content(*, at: datetime, district_code: str) -> str:
    district = Unit.objects.filter(code=district_code, parent__isnull=True).first()
    if district is None:
        return "未找到演示区县，跳过。"
    topic = Topic.objects.filter(name="财政、金融、审计").first() or Topic.objects.first()
    year = timezone.localdate(at).year
    published = skipped = 0
    for code, column, title_pattern, month, day in DEMO_DOCUMENTS:
        unit = Unit.objects.filter(code=f"{district_code}-{code}").first()
        clerk, deputy, head = (_person(code, r) for r in ("clerk", "deputy", "head"))
        title = title_pattern.format(year=year)
        when = timezone.make_aware(datetime.combine(date(year, month, day), time(10, 0)))
        if None in (unit, clerk, deputy, head) or when > at:
            skipped += 1
            continue
        if Document.objects.filter(publishing_unit=unit, title=title).exists():
            continue
        document = services.register_document(
            by=clerk,
            at=when,
            unit=unit,
            data=services.DocumentData(
                title=title,
                fields={
                    "written_date": when.date(),
                    "topic": topic,
                    "genre": "gonggao",
                    "column": column,
                    "body": f"{title}。（演示数据）",
                    "disclosure": "proactive",
                    "disclosure_scope": "full",
                },
            ),
        )
        services.submit_document(by=clerk, at=when, document=document)
        for reviewer in (deputy, head):
            services.approve_document(
                by=reviewer,
                at=when,
                document=document,
                checks=ALL_CHECKS,
                secrecy_review_passed=True,
            )
        services.publish_document(by=clerk, at=when, document=document)
        published += 1
    return f"重点领域栏目发布演示文件 {published} 份（跳过 {skipped} 份），其余事项保持未公开。"
