"""The admin's terse technical nouns, reached from how farmers ask (issue 12, terse5).

A county admin writes titles such as 小麦播量, 水稻穗肥, 梨园秋施基肥, 雏鹅育雏, 蒜薹冷藏,
河蟹分级, 收货结款, 服务投诉, 土地托管, 冷库费用, 肉鸭防暑, 储粮防虫, 稻谷烘干, 小龙虾暂养
and 包裹取件; farmers ask 一亩下几斤种, 稻子长穗子的肥咋上, 摘完梨子肥咋施, 螃蟹几两算大的,
卖了东西钱多咋到账, 收货的人骂人, 天太热鸭子热死了, 粮食里长虫了, 小龙虾拉到城里咋运不死,
东西到站了咋拿. Leads, one way and with the crop or animal named where the words could
fire elsewhere, add the short noun itself across field crops (播量, 播期, 穗肥, 分蘖肥, 拔节肥,
返青肥, 追肥, 基肥, 催芽, 留种, 控旺), vegetables (定植, 蹲苗, 炼苗, 整枝, 保花保果), fruit
(疏果, 越冬), stock and poultry (补栏, 空栏, 断奶, 配种, 驱虫, 免疫程序, 防暑, 育雏, 脱温,
出栏), fish, crabs and crayfish (出塘, 分级, 规格, 运输, 暂养, 停食, 越冬), storage (储粮防虫,
霉变, 水分, 烘干, 冷藏, 预冷, 冷库费用) and the station (结款, 投诉, 取件, 土地托管).
Existing leads often added a longer word (播种量, 防暑降温, 储粮害虫) that does not hold the
admin's short one.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Field crops: seed rate, sowing date, fertiliser by stage, seed.
        ("一亩下几斤种", "播量"),
        ("一亩地用多少种子", "播量"),
        ("麦种一亩几斤", "播量"),
        ("大豆一亩种几斤", "播量"),
        ("麦种下多少合适", "播量"),
        ("晚种的麦子要多下点种吗", "播量"),
        ("麦子啥时候种最好", "播期"),
        ("油菜种晚了咋办", "播期"),
        ("稻子长穗子的肥咋上", "穗肥"),
        ("稻子快出穗了还追肥不", "穗肥"),
        ("玉米大喇叭口上啥肥", "穗肥"),
        ("插完秧多久上肥", "分蘖肥"),
        ("麦子起身的时候上啥肥", "拔节肥"),
        ("麦子开春上肥", "返青肥"),
        ("玉米第二遍肥啥时候上", "追肥"),
        ("辣椒结果了还要上肥吗", "追肥"),
        ("摘完梨子肥咋施", "基肥"),
        ("苹果摘完要不要施肥", "基肥"),
        ("秋天果树上粪", "基肥"),
        ("种麦子前底下上啥肥", "基肥"),
        ("种子先捂出芽再种", "催芽"),
        ("黄瓜种子泡了咋不出芽", "催芽"),
        ("明年的种子自己留行不行", "留种"),
        ("今年收的麦子能当种吗", "留种"),
        ("小麦长得太旺了", "控旺"),
        # Vegetables: setting out, holding back water, hardening, shaping, flowers.
        ("茄子苗多大栽", "定植"),
        ("番茄苗栽到地里要注意啥", "定植"),
        ("玉米苗要不要控水", "蹲苗"),
        ("玉米小的时候少浇水", "蹲苗"),
        ("苗子栽之前要晾一晾吗", "炼苗"),
        ("辣椒苗拿出去吹吹风", "炼苗"),
        ("番茄留几个杈", "整枝"),
        ("南瓜藤要不要掐", "整枝"),
        ("茄子光开花不结", "保花保果"),
        # Fruit and the winter.
        ("葡萄一串留多少粒", "疏果"),
        ("油菜冬天怎么管", "越冬"),
        ("樱桃树冬天怕冻咋办", "越冬"),
        ("牛冬天咋过", "越冬"),
        ("鱼冬天要不要喂", "越冬"),
        # Stock and poultry.
        ("卖完猪再抓一批小猪", "补栏"),
        ("鸡卖了下一批啥时候进", "补栏"),
        ("空圈多久能进猪", "补栏"),
        ("猪圈空了要消毒吗", "空栏"),
        ("小猪多大不让吃奶", "断奶"),
        ("母猪几天配", "配种"),
        ("羊肚子里有虫", "驱虫"),
        ("一年给羊打几次虫", "驱虫"),
        ("小鸡啥时候打啥针", "免疫程序"),
        ("猪一年打几针", "免疫程序"),
        ("羊羔子打啥疫苗", "免疫程序"),
        ("天太热鸭子热死了", "防暑"),
        ("鸭棚太热咋降温", "防暑"),
        ("夏天鸡下蛋少", "防暑"),
        ("刚买回的鸭苗头几天咋养", "育雏"),
        ("小鹅刚抓回来咋养", "育雏"),
        ("小鸡啥时候不用烧炉子", "脱温"),
        ("肉鸭多少天能卖", "出栏"),
        # Fish, crabs and crayfish.
        ("草鱼养多大能卖", "出塘"),
        ("鱼啥时候捞", "捕捞"),
        ("螃蟹几两算大的", "分级"),
        ("公蟹母蟹分开卖吗", "分级"),
        ("小龙虾一斤几只算大", "规格"),
        ("小龙虾拉到城里咋运不死", "运输"),
        ("鱼苗路上死了好多", "运输"),
        ("猪咋运不容易死", "运输"),
        ("小龙虾卖之前养几天", "暂养"),
        ("龙虾要吐泥吗", "暂养"),
        ("鱼卖之前要饿几天", "停食"),
        # Storage.
        ("粮食里长虫了", "防虫"),
        ("米里生了小黑虫", "防虫"),
        ("玉米存着生蛾子", "防虫"),
        ("粮食捂了发热", "霉变"),
        ("陈粮有霉味", "霉变"),
        ("粮食晒多干能存", "水分"),
        ("稻子收回来湿的", "烘干"),
        ("苞谷收回来湿的", "烘干"),
        ("蒜薹放多久不坏", "冷藏"),
        ("蒜苔咋存", "冷藏"),
        ("摘下来马上放冷库吗", "预冷"),
        ("苹果入冷库", "冷藏"),
        ("冷库一个月多少钱", "费用"),
        # The station: the sale's money, complaints, parcels, land in trust.
        ("卖了东西钱多咋到账", "结款"),
        ("拉走了钱咋还不给", "结款"),
        ("卖粮给现钱还是打卡", "结款"),
        ("收货的乱压价", "投诉"),
        ("收货的人骂人", "投诉"),
        ("东西到站了咋拿", "取件"),
        ("快递到了去哪拿", "取件"),
        ("我的快递在哪", "取件"),
        ("我出去打工地谁帮我种", "托管"),
        ("年纪大了种不动地", "托管"),
        ("地没人种咋办", "托管"),
        ("种地从种到收全包", "托管"),
        ("一亩地托出去多少钱", "托管"),
    ],
)
def test_farmer_phrasings_reach_the_admins_terse_nouns(question: str, term: str) -> None:
    assert says(question, term)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("小麦一亩撒多少斤尿素", "播量"),  # fertiliser, not seed
        ("一亩地下多少肥", "播量"),
        ("种子多少钱一斤", "播量"),
        ("小麦一亩打多少斤", "播量"),  # the yield
        ("稻子穗子发白", "穗肥"),
        ("玉米大喇叭口打啥药", "穗肥"),
        ("插完秧打啥除草剂", "分蘖肥"),
        ("摘完苹果打啥药", "基肥"),
        ("种之前打封闭药", "基肥"),
        ("玉米地打了除草剂还能种大豆吗", "留种"),
        ("种猪做种几年", "留种"),
        ("玉米不浇水会减产吗", "蹲苗"),
        ("辣椒苗多少钱一棵", "定植"),
        ("鱼塘冬天清塘", "越冬"),
        ("鸡下一批蛋", "补栏"),
        ("小猪不吃奶了", "断奶"),  # a sick piglet
        ("猪发烧打啥针", "免疫程序"),  # treatment, not the schedule
        ("鸡打什么针治拉稀", "免疫程序"),
        ("猪高温不退", "防暑"),  # a fever
        ("小鸡前几天打了疫苗", "育雏"),
        ("鸡舍晚上关灯", "脱温"),
        ("螃蟹多少钱一斤", "分级"),
        ("小龙虾几钱一斤", "分级"),  # 粤: the price
        ("鱼塘结冰", "运输"),
        ("鱼浮头", "暂养"),
        ("玉米长虫了", "防虫"),  # a field pest
        ("粮食作物病虫害", "防虫"),
        ("玉米棒子发霉", "霉变"),
        ("玉米地太湿", "烘干"),
        ("蒜苔打弯了", "冷藏"),
        ("卖粮补贴啥时候到账", "结款"),
        ("补贴钱打到哪张卡", "结款"),
        ("寄快递去哪寄", "取件"),
        ("农机零件去哪拿", "取件"),
        ("证件去哪领", "取件"),
        ("牛身体不好地上躺着咋办", "托管"),
        ("租地多少钱一亩", "托管"),  # renting land out is 流转
        ("一条龙服务", "托管"),
    ],
)
def test_terse_noun_leads_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "planting")


BASE = [
    _entry("t-1", "小麦播量", ["小麦", "播量"]),
    _entry("t-2", "水稻穗肥", ["稻谷", "穗肥"]),
    _entry("t-3", "梨园秋施基肥", ["梨", "基肥"]),
    _entry("t-4", "雏鹅育雏", ["鹅", "育雏"]),
    _entry("t-5", "蒜薹冷藏", ["蒜苔", "冷藏"]),
    _entry("t-6", "河蟹分级", ["河蟹", "分级"]),
    _entry("t-7", "收货结款", ["收货", "结款"]),
    _entry("t-8", "服务投诉", ["服务", "投诉"]),
    _entry("t-9", "土地托管", ["土地托管"]),
    _entry("t-10", "冷库费用", ["冷库", "费用"]),
    _entry("t-11", "肉鸭防暑", ["肉鸭", "防暑"]),
    _entry("t-13", "稻谷烘干", ["稻谷", "烘干"]),
    _entry("t-14", "小龙虾暂养", ["小龙虾", "暂养"]),
    _entry("t-15", "包裹取件", ["包裹", "取件"]),
    _entry("t-16", "生猪补栏", ["猪", "补栏"]),
    # Near misses: the same crop, animal or service, another noun.
    _entry("d-1", "小麦播期", ["小麦", "播期"]),
    _entry("d-3", "水稻分蘖肥", ["稻谷", "分蘖肥"]),
    _entry("d-4", "梨园疏果", ["梨", "疏果"]),
    _entry("d-5", "雏鸡免疫程序", ["雏鸡", "免疫程序"]),
    _entry("d-6", "蒜薹采收", ["蒜苔", "采收"]),
    _entry("d-7", "河蟹蜕壳", ["河蟹", "蜕壳"]),
    _entry("d-9", "包裹寄件", ["寄快递"]),
    _entry("d-10", "土地流转", ["土地流转"]),
    _entry("d-11", "冷库温度", ["冷库", "温度"]),
    _entry("d-12", "肉鸭出栏", ["肉鸭", "出栏"]),
    _entry("d-13", "稻谷晾晒", ["稻谷", "晾晒"]),
    _entry("d-14", "小龙虾运输", ["小龙虾", "运输"]),
    _entry("d-15", "生猪非洲猪瘟防控", ["猪", "非洲猪瘟"]),
    _entry("d-17", "雏鸡白痢防治", ["雏鸡", "白痢"]),
    _entry("d-18", "小鹅瘟防治", ["鹅", "小鹅瘟"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("小麦一亩播多少", "t-1"),  # not the sowing date
        ("麦种一亩几斤", "t-1"),
        ("麦子啥时候种最好", "d-1"),  # not the seed rate
        ("稻子长穗子的肥咋上", "t-2"),  # not the tillering fertiliser
        ("刚抓回来的小鹅头几天咋养", "t-4"),  # not the goose plague
        ("蒜薹放多久不坏", "t-5"),  # not pulling the scapes
        ("螃蟹几两算大的", "t-6"),  # not the moult
        ("卖了东西钱多咋到账", "t-7"),
        ("收粮的乱压价", "t-8"),
        ("我出去打工地谁帮我种", "t-9"),  # not renting the land out
        ("冷库一个月多少钱", "t-10"),  # not its temperature
        ("天太热鸭子热死了", "t-11"),  # not the selling age
        ("稻子刚收回来太湿", "t-13"),  # not sun-drying
        ("小龙虾捞上来放哪", "t-14"),  # not transport
        ("网上买的东西到了没", "t-15"),  # not sending a parcel
        ("卖完猪再抓一批小猪", "t-16"),  # not swine fever
        ("小鸡啥时候打啥针", "d-5"),  # not pullorum disease
    ],
)
def test_farmer_words_find_the_terse_entry(
    base: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(base, query, expected)
