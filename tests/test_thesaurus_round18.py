"""Words read off two bases moved up to the fitted ones (issue 12, round 18).

A 云南 plateau county (coffee, tobacco, 三七, wild mushrooms; leaflet headings) and a 桂中南
sugar county (cane, 沃柑, silkworms; questions in the farmer's first person) showed: the
longhorn beetle as 水牯牛; tobacco plants as 烟子; a ewe or a cow about to give birth (下儿);
the woolly aphid on cane and cane earthed up (上泥, 壅); honey taken (割蜂糖); the hornet as
葫芦包; a silkworm said as 蚕虫; the passion fruit rotting at the foot (烂脚); the vet's round
of jabs; a minority language asked for; the government's help after a typhoon.
"""

from __future__ import annotations

import pytest

from knowledge.kb.decision import Decision
from knowledge.kb.entries import Entry
from tests.words import added_words, searched


def _entry(entry_id: str, question: str) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], [], "plant")


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("核桃树遭水牯牛钻了 咋个整得死", "天牛"),
        ("烟子上的腻虫咋个整", "烤烟"),
        ("烟子下地株距留好宽", "烤烟"),
        ("母羊要下儿了 小羊生下来要咋个整", "产羔"),
        ("母牛快生了要准备啥", "产犊"),
        ("蔗上面好多白棉虫 点样打", "绵蚜"),
        ("蔗长高了要上泥吗 壅多高", "培土"),
        ("好久割得蜂糖", "摇蜜"),
        ("葫芦包蜂来吃蜜蜂咋个整", "胡蜂"),
        ("蚕虫好多僵死变白", "白僵病"),
        ("蚕身体肿起来发白 到处乱爬 一碰就破流白水", "脓病"),
        ("鸡蛋果烂脚 咋个救", "茎基腐病"),
        ("村头防疫员好久来打针", "强制免疫"),
        ("能不能说彝话", "语言"),
        ("可以讲壮话吗", "方言"),
        ("台风把果园吹烂了 政府有冇补助", "救灾"),
    ],
)
def test_what_farmers_say_adds_the_entrys_word(question: str, term: str) -> None:
    assert term in added_words(question), sorted(added_words(question))


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # A buffalo ploughing is no beetle; smoke from burnt straw is no tobacco.
        ("水牯牛犁田", "天牛"),
        ("烧秸秆烟子大", "烤烟"),
        # The broad bean is no silkworm; a sow farrowing is no lambing.
        ("蚕豆叶子发白", "白僵病"),
        ("母猪要下儿了", "产羔"),
        # Insurance after hail is a claim, not the relief fund.
        ("冰雹打了保险赔不赔", "救灾"),
    ],
)
def test_the_words_do_not_fire_alone(question: str, term: str) -> None:
    assert term not in added_words(question), sorted(added_words(question))


def test_the_longhorn_beetle_by_its_southwestern_name() -> None:
    base = searched(
        [
            _entry("beetle", "核桃云斑天牛的防治"),
            _entry("feed", "核桃树的施肥"),
            _entry("blight", "核桃黑斑病的防治"),
        ]
    )
    # 核桃树 is said in the feeding entry's own words, so it scores first; the answer model
    # is surest of the beetle, and the farmer is offered both.
    outcome = base.search("核桃树遭水牯牛钻了 咋个整得死")
    assert outcome.decision is Decision.suggest, outcome
    assert max(outcome.results[:3], key=lambda r: r.confidence).entry_id == "beetle"
