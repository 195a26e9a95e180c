"""The 政府信息公开指南 is generated from the units' data (条例 art. 12)."""

import re

from django.test import Client


def office_block(body: str, code: str) -> str:
    return re.search(
        rf'<section class="card office" aria-labelledby="office-{code}">.*?</section>', body, re.S
    ).group(0)


def test_district_guide_has_the_article_12_content(profile, contacts):
    body = Client().get("/xxgk/tlq/zfxxgkzn/").content.decode()
    # classification and arrangement: the columns, with the 法定主动公开内容 items
    assert "一、政府信息的分类和编排体系" in body
    assert (
        'href="/xxgk/tlq/fdzdgknr/a20-14/">公务员招考的职位、名额、报考条件等事项以及录用结果'
        in body
    )
    assert "政府信息的索引、名称、内容概述、生成日期等" in body
    # how to obtain it
    assert "二、政府信息的获取方式" in body
    assert "https://www.cqstl.gov.cn/xxgk/tlq/" in body
    assert 'href="/xxgk/tlq/ysqgk/"' in body
    # the offices, the competent department, remedies
    assert "本区政府信息公开工作主管部门为重庆市铜梁区人民政府办公室" in body
    assert "四、监督和救济" in body


def test_district_guide_lists_every_units_office(profile, contacts):
    body = Client().get("/xxgk/tlq/zfxxgkzn/").content.decode()
    a = office_block(body, "tlq-jw")
    for text in (
        "重庆市铜梁区教育委员会办公室",
        "<dt>办公地址</dt><dd>重庆市铜梁区巴川街道金砂路1号</dd>",
        "<dt>邮政编码</dt><dd>402560</dd>",
        "<dt>办公时间</dt><dd>工作日上午9:00-12:00，下午14:00-17:30</dd>",
        "<dt>联系电话</dt><dd>023-45671111</dd>",
        "<dt>传真号码</dt><dd>023-45671112</dd>",
        '<dt>互联网联系方式</dt><dd><a href="mailto:jw@tongliang.example">',
    ):
        assert text in a
    assert "尚未登记" not in a


def test_incomplete_units_are_listed_with_what_they_have(profile, contacts):
    body = Client().get("/xxgk/tlq/zfxxgkzn/").content.decode()
    b = office_block(body, "tlq-mzj")
    assert "<dt>联系电话</dt><dd>023-45672222</dd>" in b
    assert "办公地址" not in b and "传真号码" not in b
    assert "该工作机构的部分联系方式尚未登记" in b
    empty = office_block(body, "tlq-zfb")
    assert "该工作机构的联系方式尚未登记" in empty


def test_unit_guide_shows_only_its_own_office(profile, contacts):
    body = Client().get("/xxgk/tlq-jw/zfxxgkzn/").content.decode()
    assert 'aria-labelledby="office-tlq-jw"' in body
    assert 'aria-labelledby="office-tlq-mzj"' not in body
    assert "本区政府信息公开工作主管部门" not in body
    assert "https://www.cqstl.gov.cn/xxgk/tlq-jw/" in body


def test_guide_follows_changes_to_a_unit(profile, contacts, district, officer_b):
    from django.utils import timezone

    from zwgk.orgs import services

    services.update_unit_contact(
        by=officer_b, at=timezone.now(), unit=district.unit_b, data={"office_fax": "023-45673333"}
    )
    body = Client().get("/xxgk/tlq/zfxxgkzn/").content.decode()
    assert "<dt>传真号码</dt><dd>023-45673333</dd>" in office_block(body, "tlq-mzj")


def test_on_request_page_gives_offline_channels(profile, contacts):
    body = Client().get("/xxgk/tlq-jw/ysqgk/").content.decode()
    assert 'href="/ysqgk/?unit=tlq-jw">网上申请</a>' in body
    assert 'href="/ysqgk/lookup/">查询办理进度</a>' in body
    assert "到重庆市铜梁区巴川街道金砂路1号提交申请" in body
    assert "请在信封上注明“政府信息公开申请”字样" in body
    assert "传真</strong>：023-45671112" in body
    assert "jw@tongliang.example" in body
    assert "（一）申请人的姓名或者名称、身份证明、联系方式；" in body
    assert "20个工作日内予以答复" in body
    assert "行政机关依申请提供政府信息，不收取费用" in body


def test_on_request_page_without_contact_points_to_the_competent_office(profile, district):
    from zwgk.orgs.models import Unit

    Unit.objects.filter(pk=district.office.pk).update(
        office_address="重庆市铜梁区巴川街道龙都路50号", office_phone="023-45681000"
    )
    body = Client().get("/xxgk/tlq-mzj/ysqgk/").content.decode()
    assert (
        "重庆市铜梁区民政局的政府信息公开工作机构尚未登记联系方式，请先联系重庆市铜梁区人民政府办公室"
        in body
    )
    assert "到重庆市铜梁区巴川街道龙都路50号提交申请" in body
