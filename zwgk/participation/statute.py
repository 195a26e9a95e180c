"""Statutory periods, labels and texts of public participation, each with its source.

《重大行政决策程序暂行条例》 (rules.md §7) and 铜府办发〔2019〕16号 §一(二)1 (the seed notice). The
period arithmetic itself is zwgk.core.workdays' (民法典 arts. 201 and 203, rules.md §8.4).
"""

from __future__ import annotations

from django.db import models

# 重大行政决策程序暂行条例 art. 15: "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限
# 的，公开征求意见时应当予以说明". Calendar days (日), rules.md §7.
MIN_COMMENT_DAYS = 30
ART15_TEXT = (
    "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明。"
)
ART15_SOURCE = "《重大行政决策程序暂行条例》第十五条"

# Art. 16: "听证会材料应当于召开听证会7日前送达听证参加人" (calendar days, rules.md §7).
HEARING_MATERIALS_DAYS = 7
ART16_SOURCE = "《重大行政决策程序暂行条例》第十六条"

# Seed notice §一(二)1: "公开意见采纳情况，不予采纳的要说明理由".
NOTICE_ADOPTION_TEXT = "公开意见采纳情况，不予采纳的要说明理由"
NOTICE_SOURCE = "铜府办发〔2019〕16号 一(二)1"

# Seed notice §一(二)1 (会议公开制度): the invited groups.
MEETING_NOTICE_TEXT = (
    "对涉及重大民生事项的会议议题，议事单位要邀请利益相关方、公众代表、专家、媒体等列席会议，"
    "并按规定及时公开议定事项和相关文件。"
)

# LOCAL POLICY, NOT STATUTE [UNCONFIRMED as a legal period]: the 条例 fixes no day count for
# publishing the 采纳情况 (art. 32: "及时公布"). The platform flags a consultation whose results are
# not published this many working days after it closed (supervision problem source
# "participation.unanswered"); settings.ZWGK_PARTICIPATION_RESULTS_WORKDAYS overrides it.
RESULTS_DUE_WORKDAYS = 20


class Disposition(models.TextChoices):
    """How a comment was treated (seed notice §一(二)1; 条例 art. 18 "充分采纳合理意见")."""

    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class Channel(models.TextChoices):
    """How a comment reached the unit (条例 art. 14; seed notice: 听证座谈、网上调查、咨询协商)."""

    PORTAL = "portal", "网上征集"
    EMAIL = "email", "电子邮件"
    LETTER = "letter", "信函"
    SYMPOSIUM = "symposium", "座谈会"
    SURVEY = "survey", "网上调查"
    HEARING = "hearing", "听证会"


STAFF_CHANNELS = (Channel.EMAIL, Channel.LETTER, Channel.SYMPOSIUM, Channel.SURVEY, Channel.HEARING)
SUMMARY_CHANNELS = (Channel.SYMPOSIUM, Channel.SURVEY, Channel.HEARING)


class InviteeGroup(models.TextChoices):
    """The groups a meeting on a major livelihood matter invites (seed notice §一(二)1)."""

    STAKEHOLDER = "stakeholder", "利益相关方"
    PUBLIC = "public", "公众代表"
    EXPERT = "expert", "专家"
    MEDIA = "media", "媒体"
