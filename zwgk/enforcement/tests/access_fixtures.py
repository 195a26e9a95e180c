"""Objects of unit A for the access matrix (tests/security)."""

from __future__ import annotations

from datetime import date

from tests.security.access_matrix import AT


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.enforcement import services
    from zwgk.enforcement.statute import DecisionKind, InfoKind, PartyKind

    decision = services.record_decision(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        data=services.DecisionData(
            kind=DecisionKind.PENALTY,
            number="铜教罚〔2026〕矩阵7号",
            party_kind=PartyKind.NATURAL,
            party_name="欧阳矩阵",
            party_id_number="",
            decision_date=date(2026, 2, 27),
            summary="违规举办校外培训，责令停止并罚款一万元（矩阵标记）",
        ),
    )
    services.publish_info(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        kind=InfoKind.DUTIES,
        body="区教委执法职责（矩阵标记）",
    )
    return {
        **{
            f"enforcement:{name}.pk": decision.pk
            for name in (
                "decision_detail",
                "decision_edit",
                "decision_publish",
                "decision_withdraw",
            )
        },
        "enforcement:info.unit_pk": district.unit_a.pk,
        "enforcement:info_edit.unit_pk": district.unit_a.pk,
        "enforcement:info_edit.kind": InfoKind.DUTIES.value,
        "enforcement_public:decision.pk": decision.pk,
        "enforcement_public:unit.code": district.unit_a.code,
        "enforcement_public:info_history.code": district.unit_a.code,
        "enforcement_public:info_history.kind": InfoKind.DUTIES.value,
        "_markers": ["铜教罚〔2026〕矩阵7号", "欧阳矩阵", "矩阵标记"],
    }
