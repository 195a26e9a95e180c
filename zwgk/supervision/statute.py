"""Legal texts and statutory dates of the 政府信息公开工作年度报告 (条例 arts. 49, 50; the 2021
format 国办公开办函〔2021〕30号). Chinese constants copied from ../shared/spec/rules.md §1.11, §3;
each with its source. Tables 三 and 四 labels live in zwgk/disclosure_requests/statute.py.

Knows no database.
"""

from __future__ import annotations

from datetime import date

# rules.md §3.2 — section headings of the 2021 format (the 2019 format has the same six).
SECTION_OVERVIEW = "一、总体情况"
SECTION_PROACTIVE = "二、主动公开政府信息情况"
SECTION_REQUESTS = "三、收到和处理政府信息公开申请情况"
SECTION_APPEALS = "四、政府信息公开行政复议、行政诉讼情况"
SECTION_PROBLEMS = "五、存在的主要问题及改进情况"
SECTION_OTHER = "六、其他需要报告的事项"
SECTIONS = (
    SECTION_OVERVIEW,
    SECTION_PROACTIVE,
    SECTION_REQUESTS,
    SECTION_APPEALS,
    SECTION_PROBLEMS,
    SECTION_OTHER,
)

# rules.md §3.2: "本报告所列数据的统计期限为YYYY年1月1日至YYYY年12月31日".
PERIOD_SENTENCE = "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。"

# rules.md §3.3 — table 二 (2021 format).
T2_ITEM_1 = "第二十条第（一）项"
T2_ITEM_5 = "第二十条第（五）项"
T2_ITEM_6 = "第二十条第（六）项"
T2_ITEM_8 = "第二十条第（八）项"
T2_CONTENT = "信息内容"
T2_MADE = "本年制发件数"
T2_REPEALED = "本年废止件数"
T2_IN_FORCE = "现行有效件数"
T2_DECISIONS = "本年处理决定数量"
T2_FEES = "本年收费金额（单位：万元）"
T2_RULES = "规章"
T2_NORMATIVE = "行政规范性文件"
T2_LICENSE = "行政许可"
T2_PENALTY = "行政处罚"
T2_COERCION = "行政强制"
T2_CHARGES = "行政事业性收费"

# rules.md §3.1: reports for 2019 and 2020 use the 2019 试行 format (国办公开办函〔2019〕60号),
# from 2021 the 2021 format.
FORMAT_2021_FROM = 2021

# rules.md §3.1 (S3 note on section 六): "依据《政府信息公开信息处理费管理办法》规定，……实际收取
# 信息处理费共计…元" (the Shanghai/Hangzhou-style sample). Generated, never typed.
FEES_SENTENCE = (
    "依据《政府信息公开信息处理费管理办法》规定，本年度实际收取信息处理费共计{amount}元。"
)

# 条例 art. 49 (rules.md §1.11): 县级以上人民政府部门 submit and publish by 31 January; the
# 主管部门 publishes the government's report by 31 March. 铜府办发〔2019〕16号 (the seed notice,
# final paragraph): "各单位……于每年度1月31日前通过区政府门户网站向社会公开上一年度政府信息公开
# 工作年度报告" — so every unit of the district, towns included, by 31 January.
UNIT_DUE = (1, 31)
DISTRICT_DUE = (3, 31)
UNIT_DUE_SOURCE = "《政府信息公开条例》第四十九条；铜府办发〔2019〕16号"
DISTRICT_DUE_SOURCE = "《政府信息公开条例》第四十九条"


def due_date(year: int, *, is_district: bool) -> date:
    """The publication deadline of the report on `year` (条例 art. 49)."""
    month, day = DISTRICT_DUE if is_district else UNIT_DUE
    return date(year + 1, month, day)


# A 区县 and its departments make no 规章 (地方政府规章 are made by provinces and 设区的市 under
# the 立法法; zwgk/documents/normative.py counts only 行政规范性文件 for the same reason): the
# 规章 row of table 二 is 0 for every unit of a district.
RULES_NOTE = "区县及其部门无规章制定权，规章各项为0。"


# rules.md §3.6 — table 二 of the 2019 试行 format (国办公开办函〔2019〕60号), for reports on 2019
# and 2020. [CONFIRMED-SECONDARY for the labels, seen in a 2019 report (xiongxian.gov.cn); the
# header cells of 第二十条第（六）项 and 第（八）项 were not visible and are **believed** to repeat
# the 第（五）项 columns.] The marks travel with the data (T2_2019_HEADER_BELIEVED) to the page
# and the exports.
FORMAT_2019_SOURCE = (
    "国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》"
)
T2_2019_MARK = "[CONFIRMED-SECONDARY]"
T2_2019_BELIEVED_NOTE = "表头为推定：原格式此处表头未能核实，按第二十条第（五）项的表头"
T2_ITEM_9 = "第二十条第（九）项"
T2_2019_NEW_MADE = "本年新制作数量"
T2_2019_NEW_PUBLIC = "本年新公开数量"
T2_2019_PUBLIC_TOTAL = "对外公开总数量"
T2_2019_NORMATIVE = "规范性文件"
T2_2019_PROJECTS_LAST = "上一年项目数量"
T2_2019_CHANGE = "本年增/减"
T2_2019_DECISIONS = "处理决定数量"
T2_2019_OTHER_SERVICES = "其他对外管理服务事项"
T2_2019_PROCUREMENT = "政府集中采购"
T2_2019_PROCUREMENT_COUNT = "采购项目数量"
T2_2019_PROCUREMENT_AMOUNT = "采购总金额"
# Items whose header row is believed, not seen (rules.md §3.6).
T2_2019_HEADER_BELIEVED = (T2_ITEM_6, T2_ITEM_8)
