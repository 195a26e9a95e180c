"""What 执行公开 tracks, as data with its source.

Seed notice 铜府办发〔2019〕16号 一(二)2 (CONFIRMED-TEXT, /work/shared/spec seed notice):
"对政府工作报告、发展规划、政府常务会议、政府文件作出的重大决策部署和工作任务，相关责任单位要将
工作措施、实施步骤、责任分工、监督方式等向社会公开，听取公众意见。及时公开执行区委、区政府重大
决策部署，以及落实政府工作报告重点工作、重要民生实事项目、政府决定事项的进展情况。"

The notice sets no statutory period for progress reports: the cadence (monthly or quarterly) and
the number of working days after a period's end by which a unit reports are set by the district
office on each task (defaults below are the office's choice, not law).
"""

from __future__ import annotations

from django.db import models

SOURCE_TEXT = "铜府办发〔2019〕16号 一(二)2 推进执行公开"


class SourceKind(models.TextChoices):
    """Where a task comes from (the notice's list)."""

    WORK_REPORT = "work_report", "政府工作报告"
    PLAN = "plan", "发展规划"
    EXECUTIVE_MEETING = "executive_meeting", "政府常务会议"
    DOCUMENT = "document", "政府文件"
    MAJOR_DECISION = "major_decision", "区委区政府重大决策部署"
    LIVELIHOOD = "livelihood", "重要民生实事项目"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", "正常推进"
    BEHIND = "behind", "滞后"
    DONE = "done", "已完成"


# The district office's default: a report is due 5 working days after its period ends.
DEFAULT_REPORT_WORKDAYS = 5
MAX_REPORT_WORKDAYS = 30
