"""Sick animals in farmers' words, fourth round (issue 12, round 12).

Pigs (red patches, dung like sheep's pellets, black or mucous dung, Glässer's lesions,
blisters on the feet, piglet scours by colour, anaemia, ruptures as 小肠气 and 气卵),
cattle (warbles in the back, lumpy jaw and wooden tongue), sheep (a lamb swaying its
hindquarters, eating plastic, spitting cud), poultry (pus in the nose, blood in the
dung, Marek's splits, blackhead, a hard or a sour crop, a duck's sticky eyes), pond fish
(grass carp's red mouth, its dark head and old three diseases, yellow fluid and white
trailing dung, the red stamp, cotton wool, salt-grain spots, gill maggots, tilapia's
bulging eyes, the silver carp's septicaemia), the pond itself (fish up at dawn, a
stinking bottom, algae crashing overnight as 倒藻, lean water), shrimp (white spots, a
red body, a pale liver, a yellow head, white dung, deaths on the bottom as 偷死),
crayfish and crabs (stuck in the old shell, black spots, trembling as 环爪, dropped legs,
milky crabs) and rabbits (a wet nose, a scream before death, jelly in the dung,
hairballs, a spotted liver), each bound to the animal or the pond it is said of.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Pigs
        ("猪屁股后面红一块", "猪丹毒"),
        ("猪发抖", "发烧"),
        ("猪眼屎多还发烧", "猪瘟"),
        ("猪拉羊粪蛋", "猪瘟"),
        ("小猪肚子上发紫", "副猪嗜血杆菌"),
        ("保育猪咳嗽肚子一扇一扇", "副猪嗜血杆菌"),
        ("猪脚上起水泡", "口蹄疫"),
        ("小猪拉黄水", "仔猪黄痢"),
        ("猪拉黑色粪", "胃溃疡"),
        ("猪拉稀带血带黏液", "痢疾"),
        ("猪尿血", "附红细胞体病"),
        ("猪全身发黄", "附红细胞体病"),
        ("小猪皮肤苍白", "缺铁性贫血"),
        ("猪走路摇晃", "伪狂犬病"),
        ("小猪肚子上鼓个包", "疝气"),
        ("小猪卵子大", "疝气"),
        # Cattle and sheep
        ("牛背上有虫包", "牛皮蝇蛆病"),
        ("牛下巴长硬包", "放线菌"),
        ("牛舌头伸出来", "放线菌"),
        ("羊羔屁股扭", "摆腰病"),
        ("羊吃了塑料", "异食癖"),
        ("羊吐草", "前胃弛缓"),
        ("羊磨牙", "前胃弛缓"),
        # Poultry
        ("鸡鼻孔流脓", "传染性鼻炎"),
        ("鸡便血", "球虫病"),
        ("鸡一条腿前一条腿后", "马立克病"),
        ("鸡关节肿", "滑液囊支原体"),
        ("鸡头黑", "组织滴虫病"),
        ("鸡嗉子硬", "嗉囊阻塞"),
        ("鸭子眼睛糊", "传染性浆膜炎"),
        ("小鸭子头往后仰", "鸭病毒性肝炎"),
        # Pond fish
        ("草鱼嘴巴红", "出血病"),
        ("草鱼死得多", "出血病"),
        ("草鱼头发黑", "烂鳃病"),
        ("草鱼肚子里都是黄水", "肠炎病"),
        ("草鱼拉白屎", "肠炎病"),
        ("鱼鳃盖上有个洞", "烂鳃病"),
        ("鲢鱼身上有红印", "打印病"),
        ("鱼身上长绵毛", "水霉病"),
        ("鱼卵发霉", "水霉病"),
        ("鱼身上像撒了盐", "小瓜虫病"),
        ("鱼擦塘边", "寄生虫"),
        ("鱼身上有针", "锚头鳋"),
        ("鲢鳙鳃上挂蛆", "中华鳋"),
        ("鱼眼睛凸出来", "链球菌病"),
        ("罗非鱼夏天死鱼", "链球菌病"),
        ("鲢鱼爆发病", "细菌性败血症"),
        ("鳙鱼死得多", "细菌性败血症"),
        ("鱼头大身子小", "生长缓慢"),
        ("鱼塘里有水蛇", "敌害"),
        # The pond
        ("鱼早晨浮在水面", "浮头"),
        ("天亮鱼都浮上来", "浮头"),
        ("鱼塘水发臭", "改底"),
        ("鱼塘有臭味", "改底"),
        ("鱼塘水突然变清", "倒藻"),
        ("塘水很瘦", "肥水"),
        # Shrimp
        ("对虾身上有白点", "白斑综合征"),
        ("虾全身发红", "红体"),
        ("对虾红须红尾", "桃拉综合征"),
        ("虾肝萎缩", "肝胰腺坏死"),
        ("虾头发黄", "黄头病"),
        ("虾肠子断", "肠炎病"),
        ("虾拉白屎", "白便综合征"),
        ("虾粪便是白色的", "白便"),
        ("虾每天都死几只", "偷死"),
        ("虾沉底死", "虹彩病毒"),
        ("虾鳃发黄", "黑鳃病"),
        ("虾肉发白", "白浊"),
        ("南美白对虾长不大", "肝肠胞虫"),
        ("龙虾不吃料", "食欲不振"),
        # Crayfish and crabs
        ("虾蜕不了壳", "蜕壳不遂"),
        ("螃蟹脱不了壳", "蜕壳不遂"),
        ("龙虾身上长青苔", "纤毛虫病"),
        ("河蟹身上有黑斑", "甲壳溃疡病"),
        ("螃蟹抖脚", "颤抖病"),
        ("河蟹环爪病", "颤抖病"),
        ("螃蟹脚烂掉", "烂肢"),
        ("螃蟹肉发白像牛奶", "牛奶病"),
        ("河蟹肝发白", "肝胰腺坏死"),
        ("蟹子小就成熟了", "性早熟"),
        # Rabbits
        ("兔子鼻子流脓", "巴氏杆菌病"),
        ("兔子前爪湿", "巴氏杆菌病"),
        ("兔子尖叫死了", "兔瘟"),
        ("小兔子肚子大", "球虫病"),
        ("兔子拉胶冻", "黏液"),
        ("兔子脖子歪", "巴氏杆菌病"),
        ("兔子长脓包", "葡萄球菌"),
        ("兔子屎连在一起", "毛球症"),
        ("兔子肝上有白点", "球虫病"),
    ],
)
def test_farmer_signs_point_at_the_disease(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "near_miss", "term"),
    [
        # A crayfish is red by nature: its red shell is early maturity, not red body.
        ("虾全身发红", "龙虾壳发红长不大", "红体"),
        # A doe with a big belly may be in kindle: only a young rabbit's is coccidiosis.
        ("小兔子肚子大", "母兔肚子大是不是怀孕了", "球虫病"),
        # Mouldy fish feed is no water mould.
        ("鱼卵发霉", "鱼饲料发霉了还能喂吗", "水霉病"),
        # Salt on the pond is a treatment, not salt-grain spots.
        ("鱼身上像撒了盐", "鱼塘撒盐可以吗", "小瓜虫病"),
        # A pond made clear on purpose is no algae crash.
        ("鱼塘水突然变清", "鱼塘水浑浊怎么变清", "倒藻"),
        # A crab sold with a broken leg is no limb rot.
        ("螃蟹脚烂掉", "螃蟹断腿的便宜卖吗", "烂肢"),
        # Mucus from the nose is no jelly in the dung.
        ("兔子拉胶冻", "兔子鼻子有黏液", "肠炎"),
        # Potatoes fed to pigs are no pica; asking what sheep eat is no pica.
        ("羊吃了塑料", "猪吃土豆可以吗", "异食癖"),
        ("羊吃了塑料", "羊啥都吃吗", "异食癖"),
        # A shrimp pond's white foam is no white dung.
        ("虾粪便是白色的", "虾塘水面有白沫", "白便综合征"),
        # Buying fry of a size is no slow growth.
        ("鱼头大身子小", "鱼苗规格多大好", "生长缓慢"),
        # A pond's paperwork printed is no red stamp disease.
        ("鲢鱼身上有红印", "鱼塘承包合同打印", "打印病"),
        # A chicken's head for the pot is no blackhead.
        ("鸡头黑", "鸡头", "组织滴虫病"),
    ],
)
def test_signs_do_not_overreach(question: str, near_miss: str, term: str) -> None:
    assert says(question, term)
    assert not says(near_miss, term)


def test_staphylococcus_is_no_grape() -> None:
    # 葡萄球菌 of a rabbit's abscess or a duck's foot adds no 葡萄 (grape) to the question.
    assert "葡萄球菌" in added_words("兔子长脓包")
    assert "葡萄" not in added_words("兔子长脓包")
    assert "葡萄" not in added_words("鸭子脚掌肿")


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "请咨询县畜牧水产站。", [], tags, "livestock")


BASE = [
    _entry("a-1", "猪丹毒怎么防治", ["猪", "猪丹毒"]),
    _entry("a-2", "仔猪黄痢怎么防治", ["仔猪", "仔猪黄痢"]),
    _entry("a-3", "猪疝气怎么处理", ["猪", "疝气"]),
    _entry("a-4", "牛放线菌病怎么治疗", ["牛", "放线菌病"]),
    _entry("a-5", "鸡马立克病怎么预防", ["鸡", "马立克病"]),
    _entry("a-6", "鸡传染性鼻炎怎么防治", ["鸡", "传染性鼻炎"]),
    _entry("a-7", "草鱼出血病怎么防治", ["草鱼", "出血病"]),
    _entry("a-8", "鱼打印病怎么治", ["鲢鱼", "鳙鱼", "打印病"]),
    _entry("a-9", "鱼塘倒藻后怎么调水", ["鱼塘", "倒藻", "调水"]),
    _entry("a-10", "对虾红体病怎么防治", ["对虾", "红体病"]),
    _entry("a-11", "对虾肝胰腺坏死怎么办", ["对虾", "肝胰腺坏死"]),
    _entry("a-12", "河蟹颤抖病怎么防治", ["河蟹", "颤抖病"]),
    _entry("a-13", "河蟹烂肢病怎么防治", ["河蟹", "烂肢病"]),
    _entry("a-14", "小龙虾蜕壳不遂怎么办", ["小龙虾", "蜕壳不遂"]),
    _entry("a-15", "兔黏液性肠炎怎么治", ["兔", "黏液性肠炎"]),
    _entry("a-16", "鲢鳙中华鳋病怎么防治", ["鲢鱼", "鳙鱼", "中华鳋"]),
    # Look-alikes that share the farmer's own words: without the thesaurus they win.
    _entry("d-1", "仔猪拉肚子怎么办", ["仔猪", "腹泻"]),
    _entry("d-2", "猪长癣怎么办", ["猪", "癣"]),
    _entry("d-3", "牛口腔溃疡怎么办", ["牛", "口腔炎"]),
    _entry("d-4", "鸡腿瘸了怎么办", ["鸡", "跛行"]),
    _entry("d-5", "鸡流鼻涕怎么治", ["鸡", "感冒"]),
    _entry("d-6", "草鱼烂鳃病怎么治", ["草鱼", "烂鳃病"]),
    _entry("d-7", "鲢鱼浮头怎么办", ["鲢鱼", "浮头"]),
    _entry("d-8", "鱼塘水绿怎么办", ["鱼塘", "蓝藻"]),
    _entry("d-9", "对虾白斑综合征怎么防治", ["对虾", "白斑综合征"]),
    _entry("d-10", "虾塘怎么肥水", ["虾塘", "肥水"]),
    _entry("d-11", "河蟹爬上岸怎么办", ["河蟹", "缺氧"]),
    _entry("d-12", "河蟹脚上长毛怎么办", ["河蟹", "纤毛虫病"]),
    _entry("d-13", "小龙虾死了怎么办", ["小龙虾", "死亡"]),
    _entry("d-14", "兔腹泻怎么办", ["兔", "腹泻"]),
    _entry("d-15", "虾塘水发白怎么办", ["虾塘", "水质"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("猪屁股后面红一块咋回事", "a-1"),
        ("小猪拉黄水咋治", "a-2"),
        ("猪肚脐鼓包咋办", "a-3"),
        ("小猪气卵咋治", "a-3"),
        ("牛舌头伸出来像木头", "a-4"),
        ("牛下巴长硬包", "a-4"),
        ("鸡一条腿前一条腿后", "a-5"),
        ("鸡鼻孔流脓咋治", "a-6"),
        ("草鱼嘴巴红", "a-7"),
        ("鲢鱼身上有红印", "a-8"),
        ("鱼塘水一夜变清了", "a-9"),
        ("虾身体发红", "a-10"),
        ("虾肝发白萎缩", "a-11"),
        ("螃蟹抖脚", "a-12"),
        ("螃蟹掉腿", "a-13"),
        ("螃蟹腿烂掉了", "a-13"),
        ("龙虾蜕不了壳死了", "a-14"),
        ("兔子拉胶冻", "a-15"),
        ("鳙鱼鳃上有蛆", "a-16"),
    ],
)
def test_farmer_words_find_the_animal_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)
