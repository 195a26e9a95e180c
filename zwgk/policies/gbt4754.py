"""The sections (门类) of 国民经济行业分类 GB/T 4754-2017 (国家标准化管理委员会, 2017-06-30; the
2019 amendment No. 1 changed classes, not sections): the industry tags of 政策直通车.

Legal/standard text: the names are copied from the standard's section list; do not edit them.
The migration 0002 loads them into `Industry`; this tuple is the source of truth.
"""

from __future__ import annotations

SOURCE = "GB/T 4754-2017《国民经济行业分类》门类"

SECTIONS: tuple[tuple[str, str], ...] = (
    ("A", "农、林、牧、渔业"),
    ("B", "采矿业"),
    ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"),
    ("E", "建筑业"),
    ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"),
    ("H", "住宿和餐饮业"),
    ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"),
    ("K", "房地产业"),
    ("L", "租赁和商务服务业"),
    ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"),
    ("O", "居民服务、修理和其他服务业"),
    ("P", "教育"),
    ("Q", "卫生和社会工作"),
    ("R", "文化、体育和娱乐业"),
    ("S", "公共管理、社会保障和社会组织"),
    ("T", "国际组织"),
)

# The policy categories the library starts with (issue 6 §3 names the first seven); the district
# office edits the list afterwards (Category rows), so these are defaults, not legal text.
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "财税",
    "金融",
    "人才",
    "就业",
    "科技",
    "稳岗",
    "社保",
    "创业",
    "惠农",
    "产业发展",
)

# Target groups (政策对象) the library starts with.
DEFAULT_TARGET_GROUPS: tuple[tuple[str, str], ...] = (
    ("enterprise", "企业"),
    ("individual_business", "个体工商户"),
    ("individual", "个人"),
    ("farm_operator", "农业经营主体"),
    ("social_org", "社会组织"),
)
