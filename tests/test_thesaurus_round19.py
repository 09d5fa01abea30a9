"""Out-of-scope questions of daily life the fitted bases' farmers asked (issue 12, round 19).

A county's farm base answered 身份证丢了咋补 with a lost land certificate, 站里能帮忙交电费不
with selling online, 买车贷款点办 with the farm loan and 虫草今年啥价 with the barley's price.
Papers, household bills and consumer loans are programmes outside farming (not a driving
licence: a tractor's is a farm question): only an entry
that names them answers them. Caterpillar fungus is a crop a base may not have.
"""

from __future__ import annotations

from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from tests.words import searched


def _entry(entry_id: str, question: str, answer: str = "见站里说明。") -> Entry:
    return Entry(entry_id, question, answer, [], [], "service")


def test_papers_bills_and_car_loans_are_not_farm_services() -> None:
    base = searched(
        [
            _entry("parcel", "我的快递到了，去哪里取？", "凭取件码到站里取，带身份证。"),
            _entry("online", "服务站能帮忙代卖农产品或上网店吗？"),
            _entry("loan", "农户小额贷款怎么办？", "到信用社申请，最高5万元。"),
            _entry("price", "青稞现在啥价？", "看站里每天公布的收购价。"),
        ]
    )
    for question in (
        "身份证丢了咋补",
        "站里能帮忙交电费不",
        "买车贷款点办",
        "虫草今年啥价",
    ):
        assert base.search(question).decision is Decision.decline, question
    # The station's own words still find their entries.
    assert base.search("取快递要带身份证不").results[0].entry_id == "parcel"
    assert base.search("想贷几万块钱买牛").results[0].entry_id == "loan"


def test_a_station_that_takes_bills_answers_them() -> None:
    base = searched(
        [
            _entry("bills", "在服务站能交电费、充话费吗？", "能，带上户号或手机号。"),
            _entry("parcel", "我的快递到了，去哪里取？"),
        ]
    )
    outcome = base.search("站里能帮忙交电费不")
    assert outcome.results[0].entry_id == "bills" and outcome.decision is Decision.answer
