"""The district's and the nation's rules for 政务新媒体, as constants with their sources.

Chinese labels shown to users that are quotations (rule names, thresholds) stay here with their
source; statuses and platforms are UI choices in models.py.
"""

from __future__ import annotations

from datetime import timedelta

# 铜府办发〔2019〕16号 二（二）: "微信订阅号类型政务新媒体每周更新不少于3次，
# 微信服务号类型政务新媒体每周更新1次".
WEEKLY_MINIMUM = {"wechat_sub": 3, "wechat_svc": 1}
WEEKLY_MINIMUM_SOURCE = "铜府办发〔2019〕16号 二（二）"

# 国办秘函〔2019〕19号, rules.md §4.3: 内容不更新 — "监测时间点前2周内无更新" is a 单项否决 item
# for new media [CONFIRMED-SECONDARY; the exact indicator wording was not seen].
VETO_NO_UPDATE = timedelta(days=14)
VETO_NO_UPDATE_SOURCE = "国办秘函〔2019〕19号 单项否决（rules.md §4.3，CONFIRMED-SECONDARY）"

# Warn before the veto is hit (issue 7 §5: "day 10 without an account post").
WARN_NO_UPDATE = timedelta(days=10)

# 国办秘函〔2019〕19号 互动回应差 (rules.md §4.2, the website wording; applied to new media as
# the "messages unanswered" rule): messages not answered for more than 3 months.
UNANSWERED_MONTHS = 3
UNANSWERED_SOURCE = "国办秘函〔2019〕19号 互动回应差（rules.md §4.2/§4.3）"

# 铜府办发〔2019〕16号 二（二）: "对无专人维护、长期无更新…的，要坚决予以关停"; "长期" is not
# defined by the notice: the district's working value, configurable here.
DORMANT_AFTER = timedelta(days=90)
DORMANT_SOURCE = "铜府办发〔2019〕16号 二（二）（“长期无更新”的天数为本区工作口径，非原文）"
NO_MAINTAINER_SOURCE = "铜府办发〔2019〕16号 二（二）“无专人维护”"
UNFILED_CHANGE_SOURCE = "铜府办发〔2019〕16号 二（一）开设、变更、关停、注销须报主管单位备案"
ONE_PER_PLATFORM_SOURCE = "铜府办发〔2019〕16号 二（二）；国办发〔2018〕123号（rules.md §5）"
ONE_APP_SOURCE = "铜府办发〔2019〕16号 二（二）“原则上全区只保留一个政务移动端”"
