"""The statutory constants hang together: every outcome maps to exactly one table-三 row, every
result row is reachable, applicant types are the report's columns, grounds are refusals."""

from zwgk.disclosure_requests import statute


def test_every_outcome_maps_to_one_existing_row():
    rows = set(statute.TABLE3_ROW_KEYS)
    assert set(statute.OUTCOME_RULES) == set(statute.Outcome.values)
    for outcome in statute.Outcome.values:
        assert statute.table3_row(outcome) in rows


def test_every_result_row_is_reached_by_some_outcome():
    reached = {rule.row for rule in statute.OUTCOME_RULES.values()}
    assert reached == set(statute.TABLE3_ROW_KEYS)


def test_row_labels_as_in_the_2021_format():
    assert statute.table3_row_label("3.3") == "（三）不予公开 3.危及“三安全一稳定”"
    assert statute.table3_row_label("1") == "（一）予以公开"
    assert len(statute.TABLE3_RESULT_ROWS) == 21


def test_applicant_types_are_the_report_columns():
    assert [label for _key, label in statute.TABLE3_COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert [key for key, _label in statute.TABLE3_COLUMNS] == statute.ApplicantType.values


def test_withholding_grounds_are_refusal_rows():
    for ground in statute.WITHHOLDING_GROUNDS:
        rule = statute.OUTCOME_RULES[ground]
        assert rule.is_refusal and rule.row.startswith("3.")


def test_every_channel_has_its_art31_rule():
    assert set(statute.RECEIPT_RULES) == set(statute.Channel.values)
    assert not statute.RECEIPT_RULES[statute.Channel.IN_PERSON].needs_confirmation
    assert statute.RECEIPT_RULES[statute.Channel.LETTER].needs_confirmation
