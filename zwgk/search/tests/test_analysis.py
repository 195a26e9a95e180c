"""Text analysis: the token streams, query parsing and highlighted fragments (no database)."""

from zwgk.search import analysis
from zwgk.search.analysis import Fragment, Needle


def test_normalize_folds_width_and_case_keeping_offsets():
    text = "ＡＢＣ２０２６年 Xyz"
    folded = analysis.normalize(text)
    assert folded == "abc2026年 xyz"
    assert len(folded) == len(text)


def test_grams_are_bigrams_of_each_run_plus_its_last_character():
    assert analysis.grams("招生工作。E-mail 2026") == "招生 生工 工作 作 e mail 2026"
    assert analysis.grams("税") == "税"


def test_words_are_jieba_search_mode_without_punctuation():
    tokens = analysis.words("义务教育招生，工作！").split()
    assert {"义务", "教育", "义务教育", "招生", "工作"} <= set(tokens)
    assert "，" not in tokens and "！" not in tokens


def test_two_character_word_is_one_gram_whatever_the_segmenter_does():
    # jieba cuts 中招生活 as 中招 / 生活: the word 招生 is hidden from the words stream …
    assert "招生" not in analysis.words("中招生活").split()
    # … but the bigram stream still holds it.
    assert "招生" in analysis.grams("中招生活").split()


def test_parse_query_segments_unquoted_text():
    parsed = analysis.parse_query("义务教育招生")
    assert [n.text for n in parsed.needles] == ["义务教育", "招生"]
    assert parsed.together == ("义务教育招生",)


def test_parse_query_keeps_quoted_phrases_whole():
    parsed = analysis.parse_query('"义务教育招生" 2026 “工作方案”')
    assert [n.text for n in parsed.needles] == ["义务教育招生", "工作方案", "2026"]
    assert parsed.needles[0].words == ("义务教育", "招生")


def test_parse_query_drops_function_words_unless_alone():
    assert [n.text for n in analysis.parse_query("教育的发展").needles] == ["教育", "发展"]
    assert [n.text for n in analysis.parse_query("的").needles] == ["的"]


def test_parse_query_of_punctuation_only_is_empty():
    assert analysis.parse_query("！？……  ").is_empty
    assert analysis.parse_query("").is_empty


def test_parse_query_caps_the_number_of_needles():
    parsed = analysis.parse_query(" ".join(f"w{i}" for i in range(50)))
    assert len(parsed.needles) == analysis.MAX_NEEDLES


def test_mark_returns_plain_text_fragments():
    fragments = analysis.mark("关于<script>招生</script>", ("招生",))
    assert fragments == [
        Fragment("关于<script>"),
        Fragment("招生", marked=True),
        Fragment("</script>"),
    ]


def test_mark_matches_full_width_and_case_variants():
    assert analysis.mark("ＰＤＦ版", ("pdf",)) == [Fragment("ＰＤＦ", marked=True), Fragment("版")]


def test_snippet_centres_on_the_cluster_of_highlights():
    text = "开头的话。" * 40 + "今年义务教育招生工作按计划进行。" + "结尾的话。" * 40
    fragments = analysis.snippet(text, analysis.parse_query("义务教育招生").highlights, width=60)
    assert fragments[0] == Fragment("…") and fragments[-1] == Fragment("…")
    assert Fragment("义务教育招生", marked=True) in fragments
    assert sum(len(f.text) for f in fragments[1:-1]) == 60


def test_snippet_without_a_match_is_the_beginning():
    fragments = analysis.snippet("第一句。第二句。", ("招生",))
    assert fragments == [Fragment("第一句。第二句。")]


def test_needle_kind():
    assert Needle("招生").is_cjk and not Needle("2026").is_cjk
