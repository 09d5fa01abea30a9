"""Words read one way everywhere that mean one thing only with what they are said about.

Issue 12, round 11 review: 翻白 of a chicken's eye is no fish pond short of oxygen;
烂肠瘟 is swine fever or grass-carp enteritis; 能退烧 is no refund; a parcel's
insurance is no farm insurance; 白粉 of 白粉虱 is no powdery mildew; 牛 of 牛蛙 is
no cow; a noun suffix (羊羔|子) is no topic; 牛犊子 is a calf.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision
from knowledge.kb.subjects import hosts_named
from knowledge.text.animals import animals_of
from knowledge.text.normalise import normalise
from knowledge.text.tokenize import tokenizer
from tests.words import added_words, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("鱼翻白了", "缺氧"),
        ("塘里翻白了咋办", "缺氧"),
        ("烂肠瘟", "猪瘟"),  # either, until the animal is named
        ("烂肠瘟", "肠炎病"),
        ("买的化肥能退吗", "退换"),
        ("玉米保险一亩赔多少", "农业保险"),
        ("遭了冰雹保险咋赔", "农业保险"),
        ("猪长到多重出圈好", "出栏"),
        ("麦地打草用啥药", "除草"),
        ("猪身上癞皮掉毛", "螨病"),
        ("橘子癞皮", "疮痂病"),
        ("黄瓜叶子上有白粉", "白粉病"),
        ("龙眼扫帚病", "鬼帚病"),  # 扫帚病 folds to the jujube's; the longan's is named
        ("牛鼓肚子了", "瘤胃臌气"),
        ("上门收货要钱吗", "费用"),
        ("上门收货超出十公里加钱不", "费用"),
        ("东西到站了咋拿", "包裹"),
        ("买的东西寄到镇上服务站了咋个取", "包裹"),
    ],
)
def test_words_mean_this_with_what_they_are_said_about(question: str, term: str) -> None:
    assert term in added_words(question)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("鸡翻白眼了咋回事", "缺氧"),
        ("孩子发烧吃啥药能退烧", "退换"),
        ("快递保险怎么买", "农业保险"),
        ("叶子上好多白粉虱", "白粉病"),
        ("牛蛙鼓肚子", "瘤胃臌气"),
        ("出圈粪往哪堆", "出栏"),
        ("收购价钱多少", "费用"),  # a price, not a pickup fee
        ("交了货啥时候能拿到钱", "包裹"),  # a payment, not a parcel
    ],
)
def test_words_do_not_mean_it_elsewhere(question: str, term: str) -> None:
    assert term not in added_words(question)


def test_a_noun_suffix_is_no_word_of_the_question() -> None:
    assert tokenizer().tokens("猪娃子不吃食") == ["猪娃", "不", "吃食"]
    assert "儿" not in tokenizer().tokens("狗儿不吃东西")


@pytest.mark.parametrize(("word", "animal"), [("牛犊子", "牛肉"), ("羊羔子", "羊肉")])
def test_a_young_animal_with_its_suffix_is_the_animal(word: str, animal: str) -> None:
    assert animals_of(word) == {animal}


def test_another_question_about_the_same_young_animal_is_not_answered() -> None:
    base = searched(
        [
            Entry("lamb", "羊羔子拉稀、不吃奶咋办？", "灌服土霉素，补初乳。", [], ["羊", "羔羊"]),
            Entry("calf", "牛犊子拉稀咋治？", "补液，喂药。", [], ["牛"]),
            Entry("pickup", "怎么预约收货？", "在服务站登记。", [], ["收货"]),
        ]
    )
    # Docking tails and a calf's price are not scours: the entry is about the animal only.
    for question in ("羊羔子甚时候断尾", "现在牛犊子多少钱一头"):
        assert base.search(question).decision is not Decision.answer
    assert base.search("羊羔子拉稀咋整").best.entry_id == "lamb"  # type: ignore[union-attr]


def test_a_disease_of_a_crop_farmhub_does_not_know_is_not_another_crops() -> None:
    base = searched(
        [
            Entry("gourd", "葫芦白粉病咋治？", "发病初期喷三唑酮。", [], ["葫芦"]),
            Entry("soil", "地下害虫怎么防治？", "播种时撒辛硫磷颗粒剂。", [], ["害虫"]),
            Entry("pickup", "怎么预约收货？", "在服务站登记。", [], ["收货"]),
        ]
    )
    # 葫芦 is no crop FarmHub lists, but its powdery mildew is not the sugar beet's.
    assert base.search("糖菜叶子上一层白粉").decision is not Decision.answer
    assert base.search("葫芦叶子上一层白粉").best.entry_id == "gourd"  # type: ignore[union-attr]
    # A pest class is asked of every crop: the potato's grubs are its question.
    found = base.search("洋芋刚出苗就被咬断了，扒开土有白胖胖的弯虫")
    assert found.best is not None and found.best.entry_id == "soil"


def test_a_regional_name_is_the_product_the_base_has() -> None:
    potato = Entry("blight", "马铃薯晚疫病识别与防治", "喷烯酰吗啉。", [], ["马铃薯"])
    yam = Entry("yam", "山药怎么搭架？", "出苗后插竹竿。", [], ["山药"])
    pickup = Entry("pickup", "收货预约办理流程", "在服务站登记。", [], ["收货"])
    north_west = searched([potato, pickup])
    # 甘肃's farmers type 山药 for the potato their county's base calls 马铃薯.
    found = north_west.search("山药晚疫病咋防")
    assert found.best is not None and found.best.entry_id == "blight"
    assert found.decision is Decision.answer
    # 铁棍山药 is the yam wherever it is said; a base with yams keeps 山药 a yam.
    assert north_west.search("铁棍山药咋搭架").decision is not Decision.answer
    both = searched([potato, yam, pickup])
    assert both.search("山药咋搭架").best.entry_id == "yam"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("茶苗种下去要剪伐", "茶苗种下去要剪吗"),  # 吴语's question
        ("毛竹采伐", "毛竹采伐"),  # logging
        ("田荒着没种还能拿补贴伐？", "田荒着没种还能拿补贴吗?"),
        ("树能砍伐吗", "树能砍伐吗"),
        ("林木采伐证咋办", "林木采伐证咋办"),
    ],
)
def test_a_final_fa_asks(typed: str, read: str) -> None:
    assert normalise(typed) == read


def test_da_dou_is_the_broad_bean_where_the_base_grows_broad_beans() -> None:
    spot = Entry("spot", "蚕豆褐斑病咋防治？", "喷多菌灵。", [], ["蚕豆"])
    soy = Entry("soy", "大豆食心虫怎么防？", "结荚期喷药。", [], ["大豆"])
    pickup = Entry("pickup", "服务站能收牛羊毛吗？", "能收。", [], ["收购"])
    plateau = searched([spot, pickup])
    # 青海's farmers call the broad bean 大豆; 黄豆 is the soybean everywhere.
    assert plateau.search("大豆褐斑病打啥药").best.entry_id == "spot"  # type: ignore[union-attr]
    assert plateau.search("黄豆褐斑病打啥药").decision is not Decision.answer
    soybeans = searched([spot, soy, pickup])
    assert soybeans.search("大豆食心虫咋打").best.entry_id == "soy"  # type: ignore[union-attr]


def test_he_is_the_rice_plant_where_the_base_grows_rice() -> None:
    fertiliser = Entry(
        "fert", "水稻怎么施肥？", "基肥复合肥每亩40公斤，分蘖期追尿素。", [], ["水稻"]
    )
    flood = Entry(
        "flood", "水稻受淹后怎么补救？", "尽快排水，洗去叶面泥浆，追施速效肥。", [], ["水稻"]
    )
    wheat = Entry("wheat", "小麦怎么追肥？", "返青期追尿素。", [], ["小麦"])
    south = searched([fertiliser, flood, wheat])
    # 湘赣粤's farmers say 禾 for the rice plant their county's base calls 水稻.
    found = south.search("一亩禾要下好多尿素复合肥")
    assert found.best is not None and found.best.entry_id == "fert"
    # As sure as if the farmer had typed 水稻.
    standard = south.search("一亩水稻要下好多尿素复合肥")
    assert found.best.confidence >= standard.best.confidence  # type: ignore[union-attr]
    assert south.search("禾苗被大水淹了三天还有救不").best.entry_id == "flood"  # type: ignore[union-attr]


def test_a_crops_own_disease_is_about_the_crop() -> None:
    smut = Entry("smut", "稻曲病怎么预防", "破口前7到10天喷戊唑醇。", [], ["病害"])
    blight = Entry("blight", "番茄晚疫病怎么防？", "喷烯酰吗啉。", [], ["番茄"])
    base = searched([smut, blight])
    # 稻曲病 names no crop, but only rice has it: a question about 稻子 is on subject.
    evidence = base.rank("稻子长了好多丰收果")[0]
    assert evidence[0] == "smut"
    assert evidence[2].same_subject == 1.0 and evidence[2].absent_subject == 0.0
    assert hosts_named(["稻曲病", "麦蚜", "茶饼病", "桃小食心虫", "稻草"]) == {
        "稻谷",
        "小麦",
        "茶叶",
    }


@pytest.mark.parametrize(
    ("question", "crop"),
    [
        ("西瓜秧子下面铺稻草", "稻谷"),  # straw mulches every crop
        ("洋芋稻草盖", "稻谷"),
    ],
)
def test_straw_is_no_crop_of_its_own(question: str, crop: str) -> None:
    assert crop not in added_words(question)
    assert "稻谷" in added_words("稻穗发白")  # a rice plant's own part still is rice
    assert "稻谷" in added_words("稻草翻到田里咋样")  # straw in the paddy is rice's
