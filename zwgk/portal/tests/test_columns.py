from zwgk.portal import columns


def test_article_20_has_its_fifteen_items_in_order():
    assert len(columns.ARTICLE_20) == 15
    assert columns.ARTICLE_20[0].name == "行政法规、规章和规范性文件"
    assert columns.ARTICLE_20[6].name == "财政预算、决算信息"
    assert columns.ARTICLE_20[14].name == (
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
    )
    assert columns.ARTICLE_20[0].source.endswith("第二十条第（一）项")
    assert columns.ARTICLE_20[14].source.endswith("第二十条第（十五）项")


def test_county_units_get_article_21_county_items():
    mandatory = columns.mandatory_column("department")
    names = [c.name for c in mandatory.children]
    assert names[15:] == [
        "市政建设",
        "公共服务",
        "公益事业",
        "土地征收",
        "房屋征收",
        "治安管理",
        "社会救助",
    ]
    assert "筹资筹劳" not in names


def test_towns_and_subdistricts_get_township_items():
    for kind in ("town", "subdistrict"):
        names = [c.name for c in columns.mandatory_column(kind).children]
        assert len(names) == 15 + 8
        assert "宅基地使用情况审核" in names and "筹资筹劳" in names
        assert "市政建设" not in names


def test_first_level_columns_and_unique_slugs():
    first = columns.columns_for("government")
    assert [c.name for c in first] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]
    for kind in ("government", "town"):
        slugs = [c.slug for c in columns.columns_for(kind)]
        slugs += [child.slug for c in columns.columns_for(kind) for child in c.children]
        assert len(slugs) == len(set(slugs))


def test_find_column_needs_the_right_parent():
    column, parent = columns.find_column("department", "a20-7")
    assert column.name == "财政预算、决算信息" and parent.slug == "fdzdgknr"
    assert columns.find_column("department", "a21x-1") is None
    assert columns.find_column("town", "a21x-1")[0].name == "贯彻落实农业农村政策"
