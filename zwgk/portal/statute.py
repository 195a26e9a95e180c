"""Passages of 《中华人民共和国政府信息公开条例》 quoted on the public pages (依申请公开, 指南).

Legal text, copied exactly from ../shared/spec/rules.md §1.2, §1.6, §1.10 and §1.9 (source S1,
CONFIRMED-TEXT); Chinese constants, never translated msgids. Each constant names its article.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    article: str
    text: str | tuple[str, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.text,) if isinstance(self.text, str) else self.text


# Art. 29 para. 1 (fragment quoted in rules.md §1.1).
WRITTEN_FORM = Passage("第二十九条第一款", "采用包括信件、数据电文在内的书面形式")

# Art. 29 para. 2: what an application must contain (rules.md §1.2).
APPLICATION_CONTENT = Passage(
    "第二十九条第二款",
    (
        "政府信息公开申请应当包括下列内容：",
        "（一）申请人的姓名或者名称、身份证明、联系方式；",
        "（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；",
        "（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
    ),
)

# Art. 33 paras. 1 and 2: the reply deadline (rules.md §1.6).
REPLY_DEADLINE = Passage(
    "第三十三条",
    (
        "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。",
        "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
        "应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。",
    ),
)

# Art. 42: fees (rules.md §1.10).
FEES = Passage(
    "第四十二条",
    "行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过"
    "合理范围的，行政机关可以收取信息处理费。",
)

# Art. 12: what the guide must contain (rules.md §1.9).
GUIDE_CONTENT = Passage(
    "第十二条",
    "政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、"
    "联系电话、传真号码、互联网联系方式等",
)

# Art. 12: the catalogue's mandatory metadata (rules.md §1.9, §6.3).
CATALOGUE_CONTENT = Passage("第十二条", "政府信息的索引、名称、内容概述、生成日期等")

# Art. 23: the channels of proactive disclosure (rules.md §1.9).
CHANNELS = Passage(
    "第二十三条", "政府公报、政府网站或者其他互联网政务媒体、新闻发布会以及报刊、广播、电视等"
)

# Art. 26: the deadline of proactive disclosure (rules.md §1.9).
PROACTIVE_DEADLINE = Passage(
    "第二十六条",
    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。"
    "法律、法规对政府信息公开的期限另有规定的，从其规定。",
)

# Art. 12: the facts the guide gives about each 政府信息公开工作机构 (rules.md §1.9), used as the
# labels of the contact blocks on the guide and the 依申请公开 pages.
OFFICE_LABELS = {
    "office": "政府信息公开工作机构",
    "address": "办公地址",
    "hours": "办公时间",
    "phone": "联系电话",
    "fax": "传真号码",
    "internet": "互联网联系方式",
}

# Art. 12: the name of the catalogue every organ compiles (rules.md §1.9).
CATALOGUE_NAME = "政府信息公开目录"
CATALOGUE_ITEMS = ("索引", "名称", "内容概述", "生成日期")

# The metadata block of a document page, in the order of the gov.cn policy page header
# (rules.md §6.3), with 有效性 for 行政规范性文件 as local sites show it.
DOCUMENT_LABELS = {
    "index_number": "索引号",
    "topic": "主题分类",
    "issuer": "发文机关",
    "written_date": "成文日期",
    "title": "标题",
    "doc_number": "发文字号",
    "published_date": "发布日期",
    "validity": "有效性",
    "unified_number": "统一编号",
    "valid_period": "有效期",
    "publisher": "发布机构",
}
