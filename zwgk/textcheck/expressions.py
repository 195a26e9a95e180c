"""Editable expression rules: known wrong forms of fixed expressions, and leaders' names paired
with a title that is not theirs. The lists are data the district office maintains."""

from __future__ import annotations

from dataclasses import dataclass

# Seed list of wrong forms frequently found in government prose (wrong → right). Editable data:
# the application stores the district's list and passes it to the checker.
DEFAULT_WRONG_FORMS: dict[str, str] = {
    "布署": "部署",
    "贯切": "贯彻",
    "贯沏": "贯彻",
    "按步就班": "按部就班",
    "再接再励": "再接再厉",
    "迫不急待": "迫不及待",
    "一愁莫展": "一筹莫展",
    "既往不究": "既往不咎",
    "精减机构": "精简机构",
    "重叠床架": "重床叠架",
    "坐阵指挥": "坐镇指挥",
    "安装就序": "安装就绪",
    "防犯": "防范",
    "松驰": "松弛",
    "渲泄": "宣泄",
    "震憾": "震撼",
    "通谍": "通牒",
    "幅射": "辐射",
    "凑和": "凑合",
    "针贬": "针砭",
    "侯选人": "候选人",
    "截止目前": "截至目前",
    "截止到目前": "截至目前",
    "不尽人意": "不尽如人意",
    "美仑美奂": "美轮美奂",
    "默守成规": "墨守成规",
    "谈笑风声": "谈笑风生",
    "走头无路": "走投无路",
}

# Titles that may stand right before or after a leader's name. Longest first matters: 副区长 ⊃ 区长.
DEFAULT_TITLES = (
    "区委书记",
    "区委副书记",
    "区长",
    "副区长",
    "常务副区长",
    "区委常委",
    "区人大常委会主任",
    "区政协主席",
    "书记",
    "副书记",
    "主任",
    "副主任",
    "局长",
    "副局长",
    "镇长",
    "副镇长",
    "主席",
    "副主席",
    "秘书长",
    "部长",
    "副部长",
)


@dataclass(frozen=True)
class Leader:
    name: str
    title: str  # the correct title, e.g. 副区长
