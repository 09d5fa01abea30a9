"""Typed and spoken typos of farm terms that the base's own respelling misses (issue 12, typos5).

FarmHub reads a homophone typo as the base's term when pinyin (tone-blind, with
zh/z, ch/c, sh/s, -ng folded) says so: 霜梅病, 白份病, 枯委病, 根腐并, 红蜘珠, 多均灵,
必虫林, 阿维菌术, 尿苏, 快第, 冷裤, 货宽, 代款 and 节算 are all caught already. The
thesaurus reads what that misses: a sound pinyin does not fold (稻飞鼠 shi/shu, 炭蛆
ju/qu; n/l in 南耳病, 黄农病, 牛胶病, 鸡白腻, 料素, 龙技站, 龙资店, 龙药, 能库; f/h in
飞霉病; r/l in 乱腐病; ü typed u in 录化钾, 录吡脲), a numeral for a like-sounding
character (五唑醇, 几唑醇, 一烯利, 一草胺, 一蒜素, 一螨唑, 螺虫一酯, 一虫腈, 萘一酸, 一维菌素,
二甲五灵, 两环唑, 六酸钾, 十心虫, 万枯病, 五人机), a look-alike (戌唑醇, 已唑醇, 炭疸病,
茵核病, 多茵灵, 卒倒病), half the character read (秀去津, 毒死碑, 青菌唑, 虫螨青, 贵阳病,
洛菌腈), two characters wrong (比虫林, 定虫米, 比呀酮, 三唑同), 一系列 for 乙烯利 as voice
input hears it, and farmers' own words with a rare character typed by its sound
(呕肥, 怄粪, 呕根, 耗秧, 炒田), which no base holds to respell them against.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("稻飞鼠用什么药", "稻飞虱"),  # shi typed shu
        ("褐飞鼠咋打", "稻飞虱"),
        ("白背飞鼠多不多", "稻飞虱"),
        ("水稻上飞鼠多", "稻飞虱"),
        ("禾苗上好多飞鼠", "稻飞虱"),
        ("橘子树长木鼠", "柑橘木虱"),
        ("梨木鼠咋治", "梨木虱"),
        ("辣椒炭蛆病咋治", "炭疽病"),  # ju typed qu
        ("芒果碳疸病", "炭疽病"),  # 疸 looks like 疽
        ("南耳病疫苗", "蓝耳病"),  # n/l
        ("母猪得了南耳", "蓝耳病"),
        ("柑橘黄农病咋防", "黄龙病"),
        ("桃树牛胶病", "流胶病"),
        ("雏鸡白腻咋治", "鸡白痢"),
        ("番茄飞霉病", "灰霉病"),  # f/h
        ("白菜乱腐病", "软腐病"),  # r/l
        ("魔芋卵腐病", "软腐病"),
        ("黄瓜卒倒病", "猝倒病"),  # look-alikes
        ("油菜茵核病", "菌核病"),
        ("西瓜万枯病", "蔓枯病"),  # numerals
        ("桃十心虫", "食心虫"),
        ("猕猴桃贵阳病", "溃疡病"),  # 溃 read by its half
        ("柑橘贵疡病", "溃疡病"),
        ("锚头蚤怎么治", "锚头鳋"),  # with a fish named, a lead reads 锚头 already
        ("五唑醇怎么兑", "戊唑醇"),  # triazoles
        ("戌唑醇打小麦", "戊唑醇"),
        ("戍唑醇多少钱", "戊唑醇"),
        ("已唑醇治白粉", "己唑醇"),
        ("几唑醇怎么用", "己唑醇"),
        ("两环唑打叶斑", "丙环唑"),
        ("三唑同咋用", "三唑酮"),
        ("一烯利怎么兑", "乙烯利"),  # 乙 typed 一, 以
        ("以稀利催熟", "乙烯利"),
        ("香蕉一系列兑多少水", "乙烯利"),  # voice input
        ("一系列催熟柿子", "乙烯利"),
        ("一草胺打玉米地", "乙草胺"),
        ("一蒜素治什么病", "乙蒜素"),
        ("一螨唑治红蜘蛛", "乙螨唑"),
        ("螺虫一酯怎么用", "螺虫乙酯"),
        ("一虫腈打稻飞虱", "乙虫腈"),
        ("萘一酸生根", "萘乙酸"),
        ("牛打一维菌素", "伊维菌素"),
        ("二甲五灵封闭", "二甲戊灵"),
        ("两森锌打几次", "丙森锌"),  # 丙 looks like 两
        ("两溴磷打棉铃虫", "丙溴磷"),
        ("秀去津打玉米", "莠去津"),  # 莠 read xiù
        ("秀灭净甘蔗地", "莠灭净"),
        ("毒死碑打地蛆", "毒死蜱"),  # 蜱 read bēi
        ("毒死卑多少钱", "毒死蜱"),
        ("青菌唑治白粉病", "腈菌唑"),  # 腈 read qīng
        ("虫满青打小菜蛾", "虫螨腈"),
        ("氟虫青拌种", "氟虫腈"),
        ("洛菌腈拌种", "咯菌腈"),  # 咯 said luò
        ("比虫林打蚜虫", "吡虫啉"),  # two characters wrong
        ("定虫米兑多少水", "啶虫脒"),
        ("比呀酮打飞虱", "吡蚜酮"),
        ("多茵灵拌种", "多菌灵"),  # 茵 looks like 菌
        ("杀茵剂哪个好", "杀菌剂"),
        ("录吡脲蘸瓜", "氯吡脲"),  # ü typed u
        ("录化钾一亩多少", "氯化钾"),
        ("六酸钾冲施", "硫酸钾"),  # 硫 typed 六
        ("六酸锌拌种", "硫酸锌"),
        ("六酸镁喷几次", "硫酸镁"),
        ("六酸亚铁治黄叶", "硫酸亚铁"),
        ("六酸铜泡种子", "硫酸铜"),
        ("料素一亩施多少", "尿素"),
        ("地里沙草怎么除", "莎草"),
        ("呕肥怎么弄", "堆肥"),  # 沤 typed by its sound
        ("怄粪要多久", "腐熟"),
        ("辣椒苗呕根了", "沤根"),
        ("耗秧要几遍", "除草"),  # 薅
        ("插秧前炒田几遍", "整地"),  # 耖
        ("龙技站电话多少", "农技站"),  # 农 said lóng
        ("找龙技员来看看", "农技员"),
        ("龙资店几点开门", "农资店"),
        ("龙药店在哪", "农药"),
        ("龙机补贴怎么领", "农机"),
        ("能库怎么租", "冷库"),  # 冷 said něng
        ("五人机打药一亩多少钱", "无人机"),
    ],
)
def test_typos_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("飞鼠吃什么", "稻飞虱"),  # a flying squirrel
        ("家里进了只木鼠", "柑橘木虱"),
        ("这一系列问题咋解决", "乙烯利"),
        ("番茄一系列病害咋防", "乙烯利"),
        ("可能库存不够了", "冷库"),
        ("恐龙机器人多少钱", "农机"),
        ("饲料素一袋多少钱", "尿素"),
        ("炒田螺怎么做好吃", "整地"),
        ("河南耳朵冻伤了", "蓝耳病"),
        ("贵阳的猕猴桃多少钱", "溃疡病"),
        ("沙草地放羊", "莎草"),
        ("牛胶多少钱一斤", "流胶病"),
    ],
)
def test_typos_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "plant")


BASE = [
    _entry("ty-1", "水稻稻飞虱怎么防治？", ["稻谷", "稻飞虱"]),
    _entry("ty-2", "辣椒炭疽病怎么防治？", ["辣椒", "炭疽病"]),
    _entry("ty-3", "草莓灰霉病怎么防治？", ["草莓", "灰霉病"]),
    _entry("ty-4", "戊唑醇怎么用？", ["戊唑醇", "杀菌剂"]),
    _entry("ty-5", "己唑醇怎么用？", ["己唑醇", "杀菌剂"]),
    _entry("ty-6", "毒死蜱能防哪些虫？", ["毒死蜱", "杀虫剂"]),
    _entry("ty-7", "堆肥怎么发酵腐熟？", ["堆肥", "腐熟"]),
    _entry("ty-8", "植保无人机怎么预约？", ["无人机", "飞防"]),
    _entry("ty-9", "冷库怎么收费？", ["冷库", "收费"]),
    _entry("ty-10", "桃树食心虫怎么防？", ["桃子", "食心虫"]),
    _entry("ty-11", "西瓜蔓枯病怎么防？", ["西瓜", "蔓枯病"]),
    _entry("ty-12", "大白菜软腐病怎么防？", ["大白菜", "软腐病"]),
    _entry("ty-13", "黄瓜苗猝倒病怎么防？", ["黄瓜", "猝倒病"]),
    _entry("ty-14", "油菜菌核病怎么防？", ["油菜籽", "菌核病"]),
    # Near misses: the typo's own characters, or the question's other words, elsewhere.
    _entry("nm-1", "稻田老鼠怎么防？", ["稻谷", "鼠害"]),
    _entry("nm-2", "韭菜韭蛆怎么防治？", ["韭菜", "韭蛆"]),
    _entry("nm-3", "三唑酮怎么用？", ["三唑酮", "杀菌剂"]),
    _entry("nm-4", "毒死的鸡怎么处理？", ["鸡", "病死", "无害化处理"]),
    _entry("nm-5", "香蕉什么时候施肥？", ["香蕉", "施肥"]),
    _entry("nm-6", "农机在哪租？", ["农机", "租赁"]),
    _entry("nm-7", "人工打药一亩多少钱？", ["打药", "人工"]),
    _entry("nm-8", "桃树蚜虫怎么防？", ["桃子", "蚜虫"]),
    _entry("nm-9", "西瓜枯萎病怎么防？", ["西瓜", "枯萎病"]),
    _entry("nm-10", "大白菜霜霉病怎么防？", ["大白菜", "霜霉病"]),
    _entry("nm-11", "黄瓜苗倒伏怎么办？", ["黄瓜", "倒伏"]),
    _entry("nm-12", "油菜根肿病怎么防？", ["油菜籽", "根肿病"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("褐飞鼠用啥药", "ty-1"),  # not the triazoles' 用
        ("白背飞鼠咋治", "ty-1"),
        ("炭蛆咋治", "ty-2"),  # not the chive maggot
        ("草莓飞霉病", "ty-3"),
        ("已唑醇咋用", "ty-5"),  # not 戊唑醇
        ("巳唑醇咋用", "ty-5"),
        ("怄粪咋沤", "ty-7"),
        ("呕肥咋弄", "ty-7"),  # not the banana's fertilising
        ("毒死碑咋用", "ty-6"),  # not the dead chickens
        ("能库怎么租", "ty-9"),  # not the machines for hire
    ],
)
def test_a_typo_finds_the_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    assert_ranked_first(base, query, expected)
