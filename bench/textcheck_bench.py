"""textcheck throughput against a bare ahocorasick-rs scan (issue 3 §8).

    .venv/bin/python bench/textcheck_bench.py            # 10 MB, 10,000 words, 9 rounds
    .venv/bin/python bench/textcheck_bench.py --mb 2 --rounds 3 --profile

Generates ~10 MB of synthetic but realistic government prose (sentences built from a vocabulary
of government terms, with dates, amounts, 文号, office landlines, and — sparingly — mobile
numbers, identity numbers, bank card numbers, secrecy marks and the words 国家秘密/保密 in
running text), and a dictionary of 10,000 generated Chinese words of 2–4 characters, a few of
which are planted in the prose. Then, in the same process and on the same `str` object, it
times alternately:

  bare     `AhoCorasick(patterns).find_matches_as_indexes(text, overlapping=True)` — the same
           patterns the checker compiles (the 10,000 words, the wrong-form list, the leaders),
           the same match kind;
  checker  `Checker.check(text)` — dictionary + personal data + secrecy marks + leader titles,
           building the sorted list of Finding objects.

Each is run once untimed first (both then find the text's UTF-8 form cached), then `--rounds`
times alternately; the best and the median of each are reported as MB/s of UTF-8 text, with the
ratios checker/bare. The goal is a median ratio ≥ 0.5. Exit status 0 always: figures, not a
test. `--profile` adds a cProfile listing of one checker run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ahocorasick_rs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zwgk.textcheck import Checker, Dictionaries
from zwgk.textcheck.expressions import DEFAULT_WRONG_FORMS, Leader
from zwgk.textcheck.pii import ID_CHECK, ID_WEIGHTS, find_personal_data, luhn_ok
from zwgk.textcheck.secrecy import find_secrecy_marks

SUBJECTS = (
    "各镇人民政府",
    "各街道办事处",
    "区级各部门",
    "区政府办公室",
    "区发展改革委",
    "区教委",
    "区民政局",
    "区财政局",
    "区人力社保局",
    "区生态环境局",
    "区住房城乡建委",
    "区农业农村委",
    "区卫生健康委",
    "区应急管理局",
    "区市场监管局",
    "有关单位",
    "各责任单位",
)
VERBS = (
    "要深入贯彻落实",
    "要认真做好",
    "要统筹推进",
    "要扎实开展",
    "要切实加强",
    "要进一步完善",
    "要全面落实",
    "应当严格执行",
    "负责牵头组织",
    "要持续优化",
    "要加快推进",
    "要密切配合做好",
    "要着力提升",
)
OBJECTS = (
    "党的二十大精神",
    "高质量发展各项任务",
    "营商环境建设",
    "乡村振兴战略",
    "政务公开工作",
    "民生保障工作",
    "安全生产责任制",
    "生态环境保护",
    "基层治理体系",
    "数字政府建设",
    "招商引资工作",
    "重点项目建设",
    "城市更新行动",
    "基本公共服务",
    "社会保障体系",
    "防汛抗旱工作",
    "义务教育均衡发展",
    "医疗卫生服务",
    "就业创业扶持政策",
    "产业转型升级",
    "依法行政",
    "政府信息公开",
    "政策解读",
    "行政规范性文件管理",
    "重大行政决策程序",
)
TAILS = (
    "确保各项工作落到实处",
    "形成工作合力",
    "及时研究解决存在的问题",
    "切实提高群众满意度",
    "推动工作取得实效",
    "建立健全长效机制",
    "加强督查考核",
    "做好信息报送工作",
    "严格保守国家秘密和工作秘密",
    "做好保密审查",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红"
# Characters for generated dictionary words: the prose's own characters (so some words occur
# by chance, as they do in real text) and a broader set of common characters.
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打"
    "白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今"
    "集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近"
)


def _id_number(rng: random.Random) -> str:
    first17 = f"500224{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    first17 += f"{rng.randint(0, 999):03d}"
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def _bank_card(rng: random.Random) -> str:
    body = "622202" + "".join(str(rng.randint(0, 9)) for _ in range(12))
    return next(body + str(d) for d in range(10) if luhn_ok(body + str(d)))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def generate_prose(rng: random.Random, target_bytes: int, planted: list[str]) -> str:
    """Paragraphs of government prose until the UTF-8 size reaches `target_bytes`."""
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        sentences = []
        if rng.random() < 0.002:  # the top-left mark of a classified document
            sentences.append(rng.choice(("机密★1年", "秘密★", "密级：秘密", "绝密★长期")) + "\n")
        for _ in range(rng.randint(3, 8)):
            s = f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            s += rng.choice(TAILS)
            r = rng.random()
            if r < 0.25:
                s += (
                    f"，于{rng.randint(2019, 2026)}年{rng.randint(1, 12)}月"
                    f"{rng.randint(1, 28)}日前完成"
                )
            elif r < 0.35:
                s += f"，完成投资{rng.randint(1, 999)}.{rng.randint(0, 9)}亿元，同比增长"
                s += f"{rng.randint(1, 30)}.{rng.randint(0, 9)}%"
            elif r < 0.40:
                s += f"（铜府办发〔{rng.randint(2015, 2026)}〕{rng.randint(1, 200)}号）"
            elif r < 0.43:
                s += f"，联系人：{_name(rng)}，联系电话：023-{rng.randint(40000000, 49999999)}"
            elif r < 0.432:
                mobile = f"1{rng.choice('3589')}{rng.randint(0, 10**9 - 1):09d}"
                s += f"，联系人：{_name(rng)}，手机：{mobile}"
            elif r < 0.433:
                s += f"，申请人{_name(rng)}，身份证号码{_id_number(rng)}"
            elif r < 0.4333:
                s += f"，补贴发放至账户{_bank_card(rng)}"
            elif r < 0.44 and planted:
                s += f"，不得出现“{rng.choice(planted)}”等表述"
            sentences.append(s + "。")
        paragraph = "".join(sentences) + "\n"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "".join(parts)


def generate_dictionary(rng: random.Random, count: int) -> dict[str, str]:
    """`count` distinct words of 2–4 characters → a category. A tenth are made of the prose's
    own characters; these, and common characters, make some 2-character words occur by chance
    where two terms meet (做好|信息 → 好信): about 37,000 matches in 10 MB, a heavy load."""
    prose_chars = sorted(set("".join(SUBJECTS + VERBS + OBJECTS + TAILS)))
    common = sorted(set(COMMON))
    categories = ("政治类", "涉密类", "不文明用语", "广告法禁用词", "其他")
    words: dict[str, str] = {}
    while len(words) < count:
        pool = prose_chars if rng.random() < 0.1 else common
        word = "".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        words.setdefault(word, rng.choice(categories))
    return words


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the prose (MB of UTF-8)")
    parser.add_argument("--words", type=int, default=10_000, help="dictionary entries")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds of each")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="cProfile one checker run")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    words = generate_dictionary(rng, args.words)
    planted = rng.sample(sorted(words), 50)
    text = generate_prose(rng, int(args.mb * 1_000_000), planted)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    leaders = [Leader(_name(rng), rng.choice(("副区长", "区长", "局长"))) for _ in range(20)]
    dictionaries = Dictionaries(
        sensitive_words=words, wrong_forms=dict(DEFAULT_WRONG_FORMS), leaders=leaders
    )
    checker = Checker(dictionaries)
    patterns = list(dict.fromkeys([*words, *DEFAULT_WRONG_FORMS, *(x.name for x in leaders)]))
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
    print(
        f"text: {size_mb:.2f} MB of UTF-8 ({len(text):,} characters, {text.count(chr(10)):,} "
        f"paragraphs); dictionary: {len(words):,} words + {len(DEFAULT_WRONG_FORMS)} wrong "
        f"forms + {len(leaders)} leaders; generated in {time.perf_counter() - t0:.1f} s"
    )

    def bare() -> object:
        return automaton.find_matches_as_indexes(text, overlapping=True)

    def check() -> object:
        return checker.check(text)

    # Untimed warm-up (it also caches the str's UTF-8 form, for both). Only counts are kept:
    # holding tens of thousands of findings would slow every later garbage collection.
    match_count = len(automaton.find_matches_as_indexes(text, overlapping=True))
    by_rule: dict[str, int] = {}
    for finding in checker.check(text):
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    print(f"bare scan: {match_count:,} matches (overlapping)")
    print("checker findings: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_rule.items())))
    bare_times: list[float] = []
    check_times: list[float] = []
    for _ in range(args.rounds):
        bare_times.append(timed(bare))
        check_times.append(timed(check))

    pii_s = min(timed(lambda: list(find_personal_data(text))) for _ in range(3))
    secrecy_s = min(timed(lambda: list(find_secrecy_marks(text))) for _ in range(3))
    print(
        f"of which (best of 3): personal data {pii_s * 1000:.0f} ms, "
        f"secrecy marks {secrecy_s * 1000:.0f} ms"
    )
    print(f"{'':22}{'best':>12}{'median':>12}   ({args.rounds} alternating rounds)")
    for label, times in (("bare ahocorasick-rs", bare_times), ("Checker.check", check_times)):
        best, median = min(times), statistics.median(times)
        print(f"{label:22}{size_mb / best:7.1f} MB/s{size_mb / median:7.1f} MB/s")
    best_ratio = min(bare_times) / min(check_times)
    median_ratio = statistics.median(bare_times) / statistics.median(check_times)
    verdict = "met" if median_ratio >= 0.5 else "NOT met"
    print(
        f"{'ratio checker/bare':22}{best_ratio:11.2f}×{median_ratio:11.2f}×"
        f"   goal ≥ 0.50× (median): {verdict}"
    )

    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(checker.check, text)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
