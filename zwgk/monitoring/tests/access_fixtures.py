"""Objects of unit A for the access matrix (tests/security)."""

from __future__ import annotations

from datetime import timedelta

from tests.security.access_matrix import AT


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.monitoring import services
    from zwgk.monitoring.models import Column, CrawlRun, PageVersion

    # Port 9 (discard) on 127.0.0.1: nothing listens, so a check never leaves the machine.
    website = services.register_website(
        by=supervisor,
        at=AT,
        unit=district.unit_a,
        name="区教委网站矩阵标记",
        home_url="http://127.0.0.1:9/",
    )
    column = Column.objects.create(
        website=website, name="教育动态矩阵", url="http://127.0.0.1:9/jydt/", proposed_at=AT
    )
    version = PageVersion.objects.create(
        website=website,
        url="http://127.0.0.1:9/",
        url_hash="0" * 32,
        content_hash="1" * 64,
        text="区教委首页矩阵文字",
        fetched_at=AT,
    )
    run = CrawlRun.objects.create(
        website=website, status=CrawlRun.Status.DONE, queued_at=AT, finished_at=AT, pages=1
    )
    rectification = services.open_rectification(
        by=None,
        at=AT,
        unit=district.unit_a,
        subject=website.subject,
        indicator="site.dead_link_home",
        title="区教委首页死链矩阵整改",
        evidence={"count": 1},
        due=AT.date() + timedelta(days=5),
    )
    return {
        "monitoring:site_detail.pk": website.pk,
        "monitoring:site_check.pk": website.pk,
        "monitoring:run_stop.pk": run.pk,
        "monitoring:run_resume.pk": run.pk,
        "monitoring:column_confirm.pk": column.pk,
        "monitoring:page_diff.pk": version.pk,
        "monitoring:rectification_detail.pk": rectification.pk,
        "monitoring:rectification_answer.pk": rectification.pk,
        "monitoring:rectification_close.pk": rectification.pk,
        "monitoring:indicator_edit.code": "site.dead_link_home",
        "_markers": ["区教委网站矩阵标记", "区教委首页死链矩阵整改", "区教委首页矩阵文字"],
    }
