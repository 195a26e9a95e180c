"""A unit files documents only under columns it may use: the key-area (重点领域) items of
铜府办发〔2019〕16号 一（一） belong to their responsible unit (zwgk/keyarea/catalogue.py), so the
区民政局 (unit B) may not file under the 区教委's (unit A) 义务教育招生 items — not in the form,
not through the service, not through the catalogue import."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from zwgk.core.models import AuditEvent
from zwgk.documents import columns, services
from zwgk.documents.importer import CatalogueImportError, import_documents
from zwgk.documents.models import Document, Status, Topic
from zwgk.documents.tests.test_import import make_csv, row
from zwgk.orgs.models import Unit

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
EDUCATION_ITEM = "zd-ywzs-lqjg"  # 义务教育招生·录取结果: 区教委 only
BUDGET_ITEM = "zd-ys"  # 预算: every department


def data(**fields):
    base = {
        "written_date": date(2026, 2, 27),
        "topic": Topic.objects.get(name="科技、教育"),
        "genre": "tongzhi",
        "body": "正文。",
        "disclosure": "proactive",
        "disclosure_scope": "full",
    }
    base.update(fields)
    return services.DocumentData(title="2026年义务教育招生录取结果", fields=base)


# --- the check itself, without the database ---------------------------------------------------


def test_refusal_follows_the_provider_for_the_unit(monkeypatch):
    seen = []

    def provider(unit):
        seen.append(unit)
        return [("a20-1", "法定主动公开内容 / x")] + (
            [(EDUCATION_ITEM, "y")] if unit.code == "tlq-jw" else []
        )

    monkeypatch.setattr(columns, "_provider", [provider])
    education = Unit(kind="department", code="tlq-jw", name="区教委")
    civil = Unit(kind="department", code="tlq-mzj", name="区民政局")
    assert columns.column_refusal(education, EDUCATION_ITEM) is None
    assert columns.column_refusal(civil, "a20-1") is None
    assert columns.column_refusal(civil, "") is None
    message = columns.column_refusal(civil, EDUCATION_ITEM, label="录取结果")
    assert message.startswith("栏目“录取结果”不是区民政局可以使用的栏目")
    assert "负责该事项的单位" in message
    assert seen[0] is education  # the unit itself, not its kind


# --- with the portal's column tree (registered at start-up) -----------------------------------


def test_the_form_offers_each_unit_only_its_own_key_area_items(client_a, client_b, district):
    html_a = client_a.get(reverse("documents:create")).content.decode()
    html_b = client_b.get(reverse("documents:create")).content.decode()
    assert f'value="{EDUCATION_ITEM}"' in html_a
    assert f'value="{EDUCATION_ITEM}"' not in html_b
    assert f'value="{BUDGET_ITEM}"' in html_b  # every department publishes its budget
    assert 'value="a20-1"' in html_b


def test_a_forged_post_with_another_units_item_saves_nothing(client_b, district):
    response = client_b.post(
        reverse("documents:create"),
        {
            "title": "民政局的文件",
            "written_date": "2026-02-27",
            "topic": Topic.objects.get(name="科技、教育").pk,
            "genre": "tongzhi",
            "body": "正文。",
            "disclosure": "proactive",
            "disclosure_scope": "full",
            "column": EDUCATION_ITEM,
        },
    )
    assert response.status_code in (200, 400)
    assert not Document.objects.exists()


def test_the_service_refuses_another_units_item_with_a_chinese_message(officer_b, district):
    with pytest.raises(services.DocumentError) as raised:
        services.register_document(
            by=officer_b, at=AT, unit=district.unit_b, data=data(column=EDUCATION_ITEM)
        )
    assert f"不是{district.unit_b.name}可以使用的栏目" in str(raised.value)
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.document.registered").exists()


def test_the_responsible_unit_files_under_its_item(officer_a, officer_b, district):
    document = services.register_document(
        by=officer_a, at=AT, unit=district.unit_a, data=data(column=EDUCATION_ITEM)
    )
    assert document.column == EDUCATION_ITEM
    budget = services.register_document(
        by=officer_b, at=AT, unit=district.unit_b, data=data(column=BUDGET_ITEM)
    )
    assert budget.column == BUDGET_ITEM


def test_an_edit_may_not_move_a_document_to_another_units_item(officer_b, district):
    document = services.register_document(
        by=officer_b, at=AT, unit=district.unit_b, data=data(column=BUDGET_ITEM)
    )
    with pytest.raises(services.DocumentError):
        services.update_document(
            by=officer_b, at=AT, document=document, data=data(column=EDUCATION_ITEM)
        )
    document.refresh_from_db()
    assert document.column == BUDGET_ITEM


def test_a_document_filed_earlier_under_such_an_item_stays_editable(officer_b, district):
    # Filed before the rule (the completeness view flags it); fixing its text must not fail.
    now = timezone.now()
    misfiled = Document.objects.create(
        publishing_unit=district.unit_b,
        title="民政局误登记的招生录取结果",
        column=EDUCATION_ITEM,
        index_number="tlq-mzj/misfiled",
        status=Status.DRAFT,
        created_by=officer_b,
        created_at=now,
        updated_at=now,
    )
    services.update_document(
        by=officer_b, at=AT, document=misfiled, data=data(column=EDUCATION_ITEM, body="改正文")
    )
    misfiled.refresh_from_db()
    assert misfiled.body == "改正文"
    services.update_document(by=officer_b, at=AT, document=misfiled, data=data(column=""))
    misfiled.refresh_from_db()
    assert misfiled.column == ""


def test_the_import_refuses_another_units_item_by_name(district):
    csv = make_csv([row(栏目="重点领域信息公开 / 义务教育招生·录取结果")]).encode()
    with pytest.raises(CatalogueImportError) as raised:
        import_documents(by=None, at=AT, unit=district.unit_b, data=csv, filename="目录.csv")
    errors = "\n".join(raised.value.errors)
    assert errors.startswith("第 2 行：")  # the header is row 1
    assert f"不是{district.unit_b.name}可以使用的栏目" in errors
    assert "无法识别" not in errors
    assert not Document.objects.exists()
    import_documents(by=None, at=AT, unit=district.unit_a, data=csv, filename="目录.csv")
    assert Document.objects.get().column == EDUCATION_ITEM
