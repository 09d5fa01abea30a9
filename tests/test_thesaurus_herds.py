"""Herds, flocks, ponds and hives in farmers' own words, any region of China (issue 12, herds).

A county admin writes 瘤胃臌气, 白肌病, 发情周期, 妊娠期, 假死, 补饲, 舍饲, 免疫程序,
一氧化碳中毒, 贼风, 水霉病, 换王 or 检疫证明; a farmer types what he sees and does, in
his county's words: 牛吃了打霜的草, 羊走道拐拐的, 牛蔫吧了 (东北), 猪儿不吃潲 (西南),
羊娃子跑肚 (西北), 母猪打圈子了, 牛揣上犊没, 驴怀骡子多久下, 冬羔好还是春羔好, 羔羊生下来
不喘气, 牛要不要喂夜草, 禁牧了羊关圈里养, 小公猪几天劁, 打口蹄疫针, 冬天鸡舍生炉子熏死鸡,
牛棚漏风, 鱼身上长绒毛, 鱼塘水太清, 蜂王老了, 蜂箱放哪好, 牛羊出省运输要啥手续. The
earlier rounds (husbandry, livestock2, aquapoultry, animalsigns4, pastoral) read the
common names; this one reads what they miss across cattle and yak, sheep and goats,
pigs, donkeys and horses, rabbits, chickens, ducks and geese, pond fish, turtles and
crayfish, and 中蜂: signs (一拐一拐, 淌眼泪, 打哆嗦, 泻肚, 发瘟, 吐白沫), poisonous grass
(醉马草, 狼毒), breeding (发一次情, 配上了没, 下崽 of a cow or a ewe, 下驹, 屁股先出来),
feeding (咋喂才肥, 抓秋膘, 保膘, 夜草, 圈养, 酒糟, 阿维 of stock), housing (垫草, 漏风, 太潮,
苍蝇, a coal stove's fumes, the plastic warm shed), vaccines asked by the disease, and the
hive (弱, 没有王, 子脾发花, 引进箱). Every lead names its animal, pen or pond: 天牛 and
蜗牛 hold a 牛, 鸡苗 a 苗, 鱼塘 a 鱼, a person eats 羊肉 in winter, and a crop wilts
(蔫吧) as well as a pig. 林麝, 鸸鹋, 驯鹿 and 羊驼 (whose 羊 is no sheep) are species a
base may lack.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import Decision, KnowledgeSearch
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Cattle, yak, sheep and goats: bloat, lameness, eyes, nose, fever, appetite.
        ("牛吃了打霜的草", "瘤胃臌气"),
        ("羊吃嫩苜蓿", "瘤胃臌气"),
        ("牛不反草", "前胃弛缓"),
        ("牛走路一拐一拐的", "跛行"),
        ("羊走道拐拐的", "跛行"),  # 西南 doubled words
        ("鸡拐着腿走", "跛行"),
        ("羊羔子瘸腿", "白肌病"),  # a lame lamb or calf: selenium
        ("小牛犊走路一拐一拐", "白肌病"),
        ("羊缺硒", "白肌病"),
        ("羊羔打亚硒酸钠", "补硒"),
        ("牛淌眼泪", "结膜炎"),
        ("鸭子眼睛糊了", "结膜炎"),
        ("兔子流眼泪", "结膜炎"),
        ("牛鼻子流水", "感冒"),
        ("牛打哆嗦", "发烧"),
        ("羊打颤不吃草", "发烧"),
        ("驴不吃不喝", "食欲不振"),
        ("猪儿不吃潲", "食欲不振"),  # 西南: 潲 is pig feed
        ("牛蔫吧了", "精神沉郁"),  # 东北
        ("猪崽子蔫吧", "精神沉郁"),
        ("鸡蔫不拉几的", "精神沉郁"),
        ("牛没神儿", "精神沉郁"),
        ("牛掉毛一圈一圈", "真菌病"),
        ("牛嘴里长疮", "口腔炎"),  # a sheep's sore mouth is orf
        ("羊打喷嚏", "蝇蛆病"),  # 鼻蝇蛆病 (its 鼻 is cut off as a lone character)
        ("羊打转转", "脑包虫病"),
        # Scours and dung.
        ("羊泻肚", "腹泻"),
        ("兔子拉软便", "腹泻"),
        ("羊屎蛋拉成堆了", "腹泻"),
        ("羊娃子跑肚", "羔羊痢疾"),  # 西北
        ("牛娃子拉肚", "犊牛腹泻"),
        ("牛拉稀带血", "球虫病"),
        ("鸡粪里带血", "球虫病"),
        ("蛋鸡拉白屎", "法氏囊病"),
        ("鸡头肿", "传染性鼻炎"),
        # Many dead, and 发瘟 of a named animal.
        ("小鸭子死了好多", "鸭病毒性肝炎"),
        ("鸡一死一大片", "禽流感"),
        ("兔子死了好几只", "兔瘟"),
        ("小龙虾五月份死好多", "白斑综合征"),
        ("猪发瘟了", "猪瘟"),
        ("鸡发瘟了", "新城疫"),
        ("鸭子发瘟", "鸭瘟"),
        ("鹅发瘟了", "小鹅瘟"),
        ("兔子闹瘟", "兔瘟"),
        ("羊闹瘟", "小反刍兽疫"),  # 羊瘟 is PPR
        # What it ate: no feed, froth, poisonous grass, salt, young sorghum; a horse's colic.
        ("牛喝尿", "异食癖"),
        ("羊咬毛", "异食癖"),
        ("牛嘴里吐白沫", "中毒"),
        ("羊吃了醉马草", "中毒"),
        ("牦牛吃了狼毒", "毒草"),
        ("猪吃多了盐", "食盐"),
        ("牛吃了高粱苗死了", "氢氰酸"),
        ("马肚子疼打滚", "结症"),
        # Breeding: the heat cycle, when to serve, heat in northern words, the ram's ewes.
        ("母牛几天发一次情", "发情周期"),
        ("羊隔多少天再发情", "发情周期"),
        ("母牛发情了啥时候配", "适时配种"),
        ("母猪打圈子了", "发情"),  # north: a sow in heat
        ("母猪跑栏", "发情"),
        ("草驴发骚", "发情"),
        ("公羊配多少母羊", "配种"),
        # Pregnancy: how long, whether she took, a dam that does not.
        ("驴怀骡子多久下", "妊娠期"),  # a jenny served by a stallion
        ("驴怀驹多少天", "妊娠期"),
        ("羊怀羔多少天", "妊娠期"),
        ("牛怀犊几个月生", "妊娠期"),
        ("母猪配上了没", "妊娠"),
        ("牛揣上犊没", "妊娠"),  # north: 揣 is carrying
        ("母驴不怀驹", "屡配不孕"),
        ("母羊老不怀羔", "屡配不孕"),
        # Birth: the cow's and the ewe's 下崽, lambs by season and litter, the foal, the night
        # watch, a rump first, a newborn not breathing or not sucking, short milk.
        ("牛下崽了要注意啥", "产犊"),
        ("羊下崽", "产羔"),
        ("母羊生了三个羔", "产羔"),
        ("冬羔好还是春羔好", "产羔"),
        ("驴下驹子", "分娩"),
        ("母猪下崽要守着吗", "接产"),
        ("羊羔屁股先出来", "难产"),
        ("羔羊生下来不喘气", "假死"),
        ("小牛生下来没气", "假死"),
        ("羊羔不会吃奶", "初乳"),
        ("母羊奶不够羊羔饿", "代乳粉"),
        ("奶牛奶量下降", "产奶量"),
        # Feeding and fattening.
        ("牛咋喂才肥", "育肥"),
        ("羊咋养得肥", "育肥"),
        ("秋天给羊抓秋膘", "育肥"),
        ("牛羊冬天贴膘", "补饲"),
        ("牦牛冬天保膘", "补饲"),
        ("牛要不要喂夜草", "补饲"),  # hay at night
        ("羊放回来还喂不喂", "补饲"),
        ("羊冬天喂啥", "补饲"),
        ("羊圈养咋喂", "舍饲"),
        ("禁牧了羊关圈里养", "舍饲"),
        ("育肥猪一天吃几斤料", "饲喂"),
        ("牛一天喝多少水", "饮水"),
        ("青贮窖咋挖", "青贮"),
        ("啤酒糟喂猪", "酒糟"),
        ("猪光吃不长", "僵猪"),  # 僵猪 kept whole
        # Worming, dipping, castration, vaccines asked by the disease.
        ("给牛打阿维针", "驱虫"),
        ("羊一年驱几回虫", "驱虫"),
        ("羊洗药澡", "药浴"),
        ("小公猪几天劁", "去势"),  # 劁, 骟, 阉
        ("牛一年打几次口蹄疫", "免疫程序"),
        ("鸡什么时候打新城疫", "免疫程序"),
        ("打口蹄疫针", "疫苗"),
        ("打猪瘟针", "疫苗"),
        ("兔子打兔瘟苗", "疫苗"),
        ("猪丹毒疫苗", "免疫接种"),
        ("羊快疫防疫", "疫苗"),
        ("鸡苗滴眼睛", "免疫"),  # an eye-drop vaccine
        # Housing in cold, heat and damp.
        ("猪圈垫稻草", "垫料"),
        ("羊圈垫沙子", "垫料"),
        ("牛棚漏风", "贼风"),
        ("产羔棚要多暖和", "保暖"),
        ("羊圈太潮", "潮湿"),
        ("牛棚苍蝇多", "灭蝇"),
        ("冬天鸡舍生炉子熏死鸡", "一氧化碳"),
        ("暖棚养羊咋建", "圈舍"),
        # Poultry: chicks' first feed, free range, mites in the nest.
        ("小鸡刚来喂啥", "开食"),
        ("鸭子放养还是圈养", "散养"),
        ("鸡窝里有小红虫", "体外寄生虫"),
        # Pond fish and turtles.
        ("鱼身上长绒毛", "水霉病"),
        ("草鱼发红", "出血病"),
        ("鱼身上有小虫", "锚头鳋"),
        ("鱼在塘边蹭", "寄生虫"),
        ("鱼塘水太清", "肥水"),
        ("死鱼咋处理", "无害化处理"),
        ("甲鱼腐皮", "腐皮病"),
        ("甲鱼脖子肿", "红脖子病"),
        ("甲鱼身上长疙瘩", "疖疮病"),
        ("甲鱼背上有白点", "白点病"),
        # 中蜂 and other bees.
        ("蜂箱放哪好", "蜂场"),
        ("蜂箱里有蚂蚁", "敌害"),
        ("蜂群弱", "弱群"),
        ("蜂王老了", "换王"),
        ("蜂群没有王", "蜂王"),
        ("中蜂子脾发花", "囊状幼虫病"),
        ("野蜂怎么引进箱", "诱捕"),
        # The vet, moving stock, manure.
        ("猪病了找谁看", "兽医"),
        ("牛羊出省运输要啥手续", "检疫证明"),
        ("羊粪怎么处理", "粪污处理"),
    ],
)
def test_farmer_words_about_stock_reach_the_admins_terms(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("苗子蔫吧了", "精神沉郁"),  # a crop wilts
        ("天牛打阿维管用吗", "驱虫"),  # 阿维 on a crop pest (天牛 holds a 牛)
        ("阿维菌素打红蜘蛛", "驱虫"),
        ("驱蚊虫用啥", "驱虫"),
        ("稻草人驱鸟", "驱虫"),
        ("鱼塘水发红", "出血病"),  # the water, not the fish
        ("鸡苗得了法氏囊咋办", "疫苗"),  # 鸡苗 holds a 苗; no shot asked
        ("猪丹毒打什么针", "疫苗"),  # a bacterial disease's shot is its treatment
        ("猪瘟打针几天能好", "免疫程序"),
        ("西瓜蔓枯病几天打一次药", "免疫程序"),
        ("羊粪肥咋用", "育肥"),  # manure, not fattening
        ("羊肉冬天吃啥好", "补饲"),  # a person's winter food
        ("大棚里上鸡粪", "圈舍"),  # a vegetable house
        ("大棚黄瓜冬天保温", "圈舍"),
        ("冬季暖棚种菜", "圈舍"),
        ("玉米苗死了地里上了牛粪", "氢氰酸"),  # nothing eaten
        ("鸡舍装湿帘降温", "潮湿"),  # a cooling pad
        ("鸡舍开风口通风", "贼风"),  # airing is no draught
        ("葡萄园苍蝇多", "灭蝇"),
        ("冬天大棚生炉子熏坏了黄瓜苗", "一氧化碳"),
        ("鸡蛋放出去卖行不", "散养"),
        ("稻田养鸭放多少", "散养"),
        ("中蜂引进蜂王", "诱捕"),  # a queen introduced, no swarm hived
        ("蜂王浆多少钱", "换王"),
        ("树身子烂了有酒糟味", "糟渣"),  # apple canker, no feed
        ("母羊羊水破了羊羔还没下来", "假死"),  # a birth under way
        ("母猪打针后转圈", "发情"),
        ("鱼塘里小虫子多", "锚头鳋"),
        ("鸭梨发瘟", "鸭瘟"),  # a pear
        ("鸡蛋带血丝能吃吗", "球虫病"),
        ("鸡头米怎么种", "传染性鼻炎"),  # 芡实
        ("牛粪发酵做肥料", "粪污处理"),
        ("羊肚菌冬天怎么盖", "补饲"),  # a fungus
        ("驴肉火烧多少钱", "结症"),
        ("苹果树腐烂病刮了皮", "腐皮病"),
        ("甲鱼多少钱一斤", "腐皮病"),
        ("奶粉哪个牌子好", "代乳粉"),
        ("公鸡打鸣早", "发情周期"),
    ],
)
def test_herd_leads_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见畜牧兽医站说明。", [], tags, "livestock")


BASE = [
    _entry("h-1", "牛瘤胃臌气怎么急救？", ["牛", "瘤胃臌气"]),
    _entry("h-2", "羔羊白肌病怎么预防？", ["羔羊", "白肌病", "补硒"]),
    _entry("h-3", "母牛发情周期与适时配种", ["母牛", "发情周期", "配种"]),
    _entry("h-4", "牛、羊、驴的妊娠期多长？", ["牛", "羊", "驴", "妊娠期", "预产期"]),
    _entry("h-5", "新生羔羊和犊牛假死怎么急救？", ["羔羊", "犊牛", "假死"]),
    _entry("h-6", "母羊难产胎位不正怎么助产？", ["母羊", "难产", "助产"]),
    _entry("h-7", "冬春季节牛羊补饲", ["牛", "羊", "补饲"]),
    _entry("h-8", "禁牧后羊的舍饲管理", ["羊", "舍饲"]),
    _entry("h-9", "口蹄疫免疫程序", ["口蹄疫", "免疫程序"]),
    _entry("h-10", "猪瘟和非洲猪瘟防控", ["猪", "猪瘟", "非洲猪瘟"]),
    _entry("h-11", "鸭瘟防治", ["鸭", "鸭瘟"]),
    _entry("h-12", "育雏舍一氧化碳中毒预防", ["雏鸡", "一氧化碳", "中毒"]),
    _entry("h-13", "圈舍防潮与垫料", ["圈舍", "潮湿", "垫料"]),
    _entry("h-14", "冬季圈舍防贼风保暖", ["圈舍", "贼风", "保暖"]),
    _entry("h-15", "夏季养殖场灭蚊蝇", ["灭蝇", "蚊蝇"]),
    _entry("h-16", "鱼水霉病防治", ["鱼", "水霉病"]),
    _entry("h-17", "池塘肥水培藻", ["鱼塘", "肥水"]),
    _entry("h-18", "中蜂换王", ["中蜂", "蜂王", "换王"]),
    _entry("h-19", "蜂场选址", ["蜂场", "选址"]),
    _entry("h-20", "牛羊调出县外怎么办检疫证明？", ["牛", "羊", "检疫证明"]),
    _entry("h-21", "畜禽粪污处理", ["粪污处理"]),
    # Near misses: the same animal, pen, pond or hive, another problem.
    _entry("n-1", "牛前胃弛缓怎么治？", ["牛", "前胃弛缓"]),
    _entry("n-2", "羔羊痢疾怎么防治？", ["羔羊", "羔羊痢疾", "腹泻"]),
    _entry("n-3", "母牛妊娠诊断方法", ["母牛", "妊娠诊断"]),
    _entry("n-4", "肉牛育肥技术", ["肉牛", "育肥"]),
    _entry("n-5", "猪丹毒防治", ["猪", "猪丹毒"]),
    _entry("n-6", "小鹅瘟防治", ["鹅", "小鹅瘟"]),
    _entry("n-7", "夏季圈舍防暑降温", ["圈舍", "防暑降温"]),
    _entry("n-8", "草鱼出血病防治", ["草鱼", "出血病"]),
    _entry("n-9", "中蜂囊状幼虫病防治", ["中蜂", "囊状幼虫病"]),
    _entry("n-10", "病死畜禽无害化处理", ["无害化处理"]),
]


@pytest.fixture(scope="module")
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("牛吃了打霜的草", "h-1"),  # not the slack rumen
        ("牛不反草", "n-1"),  # not the bloat
        ("羊羔子瘸腿", "h-2"),
        ("羊缺硒咋补", "h-2"),  # not the winter feed
        ("母牛几天发一次情", "h-3"),  # not the pregnancy check
        ("母牛发情了啥时候配", "h-3"),
        ("牛揣上犊没", "n-3"),  # not the heat cycle
        ("母猪配上了没", "n-3"),
        ("驴怀驹多少天", "h-4"),
        ("羊怀羔多少天", "h-4"),  # not the lambs' selenium
        ("羔羊生下来不喘气", "h-5"),
        ("小牛生下来没气", "h-5"),
        ("羊羔屁股先出来", "h-6"),
        ("羊娃子跑肚", "n-2"),  # not the selenium
        ("牛要不要喂夜草", "h-7"),
        ("羊放回来还喂不喂", "h-7"),
        ("羊冬天喂啥草", "h-7"),
        ("牦牛冬天保膘", "h-7"),  # not fattening
        ("牛咋喂才肥", "n-4"),  # not the winter feed
        ("禁牧了羊关圈里养", "h-8"),
        ("羊圈养咋喂", "h-8"),
        ("牛一年打几次口蹄疫", "h-9"),
        ("猪发瘟了", "h-10"),  # not erysipelas
        ("鸭子发瘟", "h-11"),  # not the goose plague
        ("鹅发瘟了", "n-6"),  # not the duck plague
        ("冬天鸡舍生炉子熏死鸡", "h-12"),
        ("羊圈太潮", "h-13"),
        ("猪圈垫稻草", "h-13"),
        ("牛棚漏风", "h-14"),  # not the summer heat
        ("牛棚苍蝇多", "h-15"),
        ("鱼身上长绒毛", "h-16"),
        ("草鱼发红", "n-8"),  # not the water mould
        ("鱼塘水太清", "h-17"),
        ("蜂王老了", "h-18"),
        ("蜂群没有王", "h-18"),
        ("中蜂子脾发花", "n-9"),  # not the queen
        ("蜂箱放哪好", "h-19"),
        ("牛羊出省运输要啥手续", "h-20"),  # not the winter feed
        ("羊粪怎么处理", "h-21"),
        ("死鱼咋处理", "n-10"),  # not the manure
    ],
)
def test_farmer_words_find_the_herd_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    assert_ranked_first(base, query, expected)


@pytest.mark.parametrize(
    "query", ["林麝拉稀", "鸸鹋怎么养", "驯鹿拉稀", "林麝怎么喂", "羊驼怎么养", "羊驼拉稀"]
)
def test_stock_the_base_lacks_is_declined(base: KnowledgeSearch, query: str) -> None:
    assert base.search(query).decision is Decision.decline
