"""The extension office's terms for farm work, and how farmers say them (issue 12, fieldterms).

A county admin titles an entry with the textbook term for the job (腐熟, 间苗, 定苗, 疏果, 疏花疏果,
培土, 中耕, 追肥, 叶面肥, 土壤消毒, 轮作, 连作障碍, 深松, 起垄, 整地, 地膜, 保花保果, 催芽, 嫁接,
蹲苗, 控旺, 保墒, 墒情, 排涝, 饲料配方, 驱虫, 免疫程序, 圈舍消毒, 分群, 断奶, 去势, 育肥, 饮水,
青贮, 人工授精, 产后护理, 灭茬, 镇压, 炼苗, 补铁, 教槽料, 初乳, 断脐, 脱温, 压蔓, 刈割, 催情);
farmers never say it. They say what they do: manure covered to heat (牛粪咋捂, 沤好了没, 付熟
typed by sound), seedlings too thick (苗出得太稠, 扯掉多余的苗, 一穴留两棵), fruit set too thick
(坐得太多, 一个枝上留几个桃), soil drawn up (垄上加土, 根上垒点土, 陪土 and 雍土 by sound), the
second dressing (再撒一道肥, 膨果肥), fertiliser on the leaves (往叶子上喷肥), the house's soil
(棚里的土咋杀菌), the same crop year after year (老种一样的, 连着种了三年), the hard pan (地下头有
一层硬板), beds (打畦子, 扣垄), film (盖膜, 黑膜还是白膜), an old tree given a new variety, the damp
kept in (保住地里的潮气, 保商 by sound), water standing (地里汪着水, 清沟沥水); and of stock: feed
mixed at home, worms (区虫 by sound), the vaccine order, a pen washed with lye, big and small
penned apart, the young off the dam (离娘), the frame before fattening (吊架子), warm water and
water lines, semen bought, the first milk (头奶), the cord, the chicks' heat taken off (离温),
forage cut (割几茬), a dam that will not come on heat. North and south, old and young, terse and
rambling.

Each lead names the manure, the seedlings, the fruit, the field or the animal where its verb is
common, so the traps below gain nothing: 捂 of 捂汗 and 捂芽, 沤 of roots rotting (沤根), picking
fruit to sell (摘果子卖), 苗 of 鸡苗, 鱼苗 and 疫苗, 圈 of 一圈 and 转圈, 料 of 肥料, 打虫 of a crop,
松深 inside 放松深呼吸, 场地整平 of a threshing floor, 下季度, 压地膜.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # Manure rotted down: covered to heat, fermented first, the heap's warmth.
        ("农家肥咋捂熟", "腐熟"),
        ("俺家攒了一堆牛粪咋捂", "腐熟"),
        ("猪粪怎么沤", "腐熟"),
        ("牛粪捂多久能上菜地", "腐熟"),
        ("羊粪要不要发酵了再上", "腐熟"),
        ("堆的粪老是不发热", "腐熟"),
        ("粪堆冒白气正常吗", "腐熟"),
        ("我屋里的鸡粪堆了半个月了不晓得沤好了没", "腐熟"),
        ("鸡粪怎么付熟", "腐熟"),  # typed by sound
        # Thinning and singling seedlings.
        ("苗出得太稠了咋办", "间苗"),
        ("俺家那二亩玉米苗出得太稠了一窝三四棵要不要拔掉些", "间苗"),
        ("苗太密要不要拔掉一些", "间苗"),
        ("萝卜苗挤成一堆了", "间苗"),
        ("扯掉多余的苗", "间苗"),
        ("辣椒苗子太挤哒要扯掉些啵", "间苗"),
        ("苞谷苗子太密了要不要扯", "间苗"),
        ("菜苗太密咗", "间苗"),
        ("谷子苗咋减苗", "间苗"),
        ("棉花啥时候定棵", "定苗"),
        # Thinning fruit and flowers.
        ("果子结太多了要摘掉一些不", "疏果"),
        ("苹果坐得太多咋弄", "疏果"),
        ("梨树结得太密了", "疏果"),
        ("柚子一枝上结了好几个要不要摘", "疏果"),
        ("一个枝上留几个桃", "疏果"),
        ("老汉问一下苹果今年坐得太多了一个枝上留几个合适", "疏果"),
        ("苹果梳果啥时候", "疏果"),  # typed by sound
        ("花开得太多了要不要摘掉一些", "疏花疏果"),
        # Earthing up and hoeing.
        ("土豆垄上要不要加土", "培土"),
        ("花生垄上要加土不", "培土"),
        ("给洋芋根上垒点土", "培土"),
        ("大葱要陪土几次", "培土"),  # typed by sound
        ("土豆啥时候雍土", "培土"),
        ("玉米地要不要蹚一遍", "中耕"),
        ("地板结了松一松", "中耕"),
        ("苗出来了地要不要划一划", "中耕"),
        # The second dressing; fertiliser on the leaves.
        ("苗起来了再撒一道肥", "追肥"),
        ("中间要不要再下点肥", "追肥"),
        ("果子膨大要不要再上点肥", "追肥"),
        ("果树膨果肥上啥", "追肥"),
        ("往叶子上喷肥行不行", "叶面肥"),
        ("喷点磷酸二氢钾", "叶面肥"),
        ("叶面追个肥", "叶面肥"),
        ("求问叶面施肥啥时候喷好", "叶面肥"),
        # The soil disinfected.
        ("棚里的土咋杀菌", "土壤消毒"),
        ("有没有大佬知道棚土怎么消毒", "土壤消毒"),
        ("撒石灰给地消毒", "土壤消毒"),
        ("大棚换茬前土要不要消毒", "土壤消毒"),
        ("大棚里土要不要熏蒸", "土壤消毒"),
        ("种了几年土里病多要处理一下土", "土壤消毒"),
        # The same crop again, or another.
        ("这块地连着种了三年花生", "连作障碍"),
        ("一块地老种一样的行不行", "轮作"),
        ("地要调茬不", "轮作"),
        ("茄子下茬种啥", "轮作"),
        ("这地种几年要换换", "轮作"),
        # Subsoiling, beds and ridges, the land made ready.
        ("地底下硬得很犁不动", "深松"),
        ("地下头有一层硬板", "深松"),
        ("地要松深一点", "深松"),
        ("打畦子", "起垄"),
        ("垄起多高合适", "起垄"),
        ("东北扣垄", "起垄"),
        ("地要整平不", "整地"),
        ("种之前地咋整", "整地"),
        # Film on the field; more fruit kept; sprouting; a new variety on an old tree.
        ("花生要不要盖膜", "地膜"),
        ("用黑膜还是白膜", "地膜"),
        ("盖了膜还要打孔吗", "地膜"),
        ("怎么让果子多坐点", "保花保果"),
        ("坐果率低咋整", "保花保果"),
        ("姜种困芽几天", "催芽"),
        ("老苹果树想换个品种", "嫁接"),
        ("用南瓜根接黄瓜", "嫁接"),
        # Water held back, rank growth held back, the damp kept, water let out.
        ("先别浇水让根往下扎", "蹲苗"),
        ("玉米吨苗", "蹲苗"),  # typed by sound
        ("苗子旺了咋控", "控旺"),
        ("地里湿气跑了", "保墒"),
        ("保住地里的潮气", "保墒"),
        ("地里保商咋弄", "保墒"),  # typed by sound
        ("地太干了种不下去咋办", "墒情"),
        ("地里积水排不出去", "排涝"),
        ("雨下多了麦地里汪着水", "排涝"),
        ("麦田清沟沥水", "排涝"),
        ("油菜田要清沟不", "排涝"),
        # Stock: feed mixed at home, worms, the vaccine order, the pen disinfected.
        ("玉米豆粕麸皮咋配", "饲料配方"),
        ("猪吃的料自己搭配", "饲料配方"),
        ("猪区虫用啥药", "驱虫"),  # typed by sound
        ("防疫针咋排", "免疫程序"),
        ("鸡疫苗咋安排", "免疫程序"),
        ("用火碱刷圈", "消毒"),
        ("熏鸡舍用啥", "消毒"),
        ("猪圈用火碱还是石灰", "圈舍"),
        ("鸡舍出栏后咋收拾", "消毒"),
        # Grouping, weaning, castration, the frame, water.
        ("大小猪要分圈不", "分群"),
        ("鸡大小不匀要分开养", "分群"),
        ("羊大小不齐要分开不", "分群"),
        ("公母分开养", "分群"),
        ("小猪多大离娘", "断奶"),
        ("小猪离窝后拉稀", "断奶"),
        ("给小公猪去卵", "去势"),
        ("猪先吊架子再催肥", "育肥"),
        ("给猪喂温水", "饮水"),
        ("牛冬天喂温水还是凉水", "饮水"),
        ("小鸡用水线还是饮水器", "饮水"),
        # Silage and semen, by sound or by the farmer's verb.
        ("压青储", "青贮"),
        ("清贮饲料", "青贮"),
        ("猪精液哪里买", "人工授精"),
        ("母猪人工配", "人工授精"),
        # Birth and the newborn.
        ("母牛生完不吃草", "产后护理"),
        ("羊下了羔没精神", "产后护理"),
        ("牛头奶要不要挤掉", "初乳"),
        ("小牛生下来多久吃奶", "初乳"),
        ("羊羔脐带咋剪", "断脐"),
        ("小猪啥时候开始喂料", "教槽料"),
        ("仔猪打补血针", "补铁"),
        ("小鸡啥时候离温", "脱温"),
        # Seedlings hardened, stubble, rolling, vines pegged, forage cut, heat brought on.
        ("菜苗炼几天再栽", "炼苗"),
        ("茬子打碎", "灭茬"),
        ("玉米茬子太硬碍事", "灭茬"),
        ("地种完要不要打磙", "镇压"),
        ("西瓜秧子用土压住", "压蔓"),
        ("苜蓿一年割几茬", "刈割"),
        ("母猪不发情打啥针", "催情"),
        ("给牛刷毛", "刷拭"),
    ],
)
def test_farmers_words_point_at_the_offices_term(question: str, term: str) -> None:
    assert says(question, term, phrase=True), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("小猪感冒了要捂汗吗", "腐熟"),  # 捂 of sweating out a cold
        ("感冒了捂一捂出身汗", "腐熟"),
        ("种子捂芽要几天", "腐熟"),  # sprouting seed
        ("根沤烂了咋办", "腐熟"),  # roots rotting in wet soil
        ("稻子在水里沤了好几天", "腐熟"),
        ("菜叶子捂在袋子里捂黄了", "腐熟"),
        ("猪拉稀粪身上发热", "腐熟"),  # an animal's dung and fever
        ("小猪拉黄粪要捂一下不", "腐熟"),
        ("今天去摘果子卖", "疏果"),  # picking to sell
        ("桃子摘下来能放几天", "疏果"),
        ("雪把树压弯了", "疏果"),
        ("树上结了好几个马蜂窝", "疏果"),
        ("棉花太多摘不过来", "疏花疏果"),
        ("鸡苗太挤了会压死吗", "间苗"),  # chicks
        ("鱼苗放太密了", "间苗"),
        ("疫苗打多了咋办", "间苗"),
        ("苗太稀了咋补", "间苗"),
        ("玉米种太密了减产", "间苗"),  # the sowing rate, not thinning
        ("地里草太密了", "间苗"),
        ("红薯剪苗咋剪", "间苗"),
        ("老种子还能种吗", "连作障碍"),
        ("连种子都烂了", "连作障碍"),
        ("苹果树种了好几年不结果", "轮作"),
        ("下季度种啥", "轮作"),
        ("养的土鸡要消毒吗", "土壤消毒"),  # 土 of 土鸡
        ("黄瓜地里打杀菌药用啥", "土壤消毒"),  # a spray on the crop
        ("给地里打杀菌药", "土壤消毒"),
        ("种子消毒用啥药", "土壤消毒"),
        ("树干刷一圈石灰", "圈舍"),  # whitewashing a trunk
        ("大棚用高锰酸钾消毒", "圈舍"),
        ("羊转圈是啥病", "消毒"),
        ("猪圈里熏蚊子", "消毒"),
        ("猪圈门坏了", "消毒"),
        ("出栏后卖给谁", "消毒"),
        ("出栏后的猪粪咋处理", "消毒"),
        ("肥猪再加点料", "追肥"),  # 肥 of a fat pig
        ("第二次买化肥又涨价了", "追肥"),
        ("叶子上有斑点是不是施肥多了", "叶面肥"),
        ("往叶子上喷药", "叶面肥"),
        ("喷点多菌灵", "叶面肥"),
        ("肥料怎么配", "饲料配方"),  # 料 of 肥料
        ("农药怎么配", "饲料配方"),
        ("豆粕发酵肥怎么配", "饲料配方"),
        ("白菜去虫用啥药", "驱虫"),  # pests on a crop
        ("辣椒打虫子用啥药", "驱虫"),
        ("病猪要不要单独养", "分群"),  # isolation, not grouping
        ("鸡蛋大小不匀", "分群"),
        ("猕猴桃公母树咋配", "分群"),
        ("大棚盖膜", "地膜"),  # the greenhouse's roof
        ("大棚用白膜还是蓝膜", "地膜"),
        ("用土压地膜", "镇压"),
        ("再生稻留茬多高", "灭茬"),
        ("茬口咋安排", "灭茬"),
        ("炉子火太旺了", "控旺"),
        ("鸡苗长得太快", "控旺"),
        ("玉米换个好品种", "嫁接"),  # seed, not grafting
        ("茶叶换个牌子", "嫁接"),
        ("苹果树根扎得深", "蹲苗"),
        ("土壤湿度大病多", "保墒"),
        ("地里湿气大果子烂", "保墒"),
        ("地太干了苹果裂果", "墒情"),
        ("鱼塘水排不掉", "排涝"),
        ("果园开沟施肥", "排涝"),
        ("地里开沟施肥", "排涝"),
        ("挖沟埋秸秆", "排涝"),
        ("放松深呼吸", "深松"),
        ("土太松了苗倒了", "深松"),
        ("地下害虫咋防", "深松"),
        ("场地整平晒粮", "整地"),  # a threshing floor
        ("种前地里草多咋弄", "整地"),
        ("人生完孩子坐月子吃啥", "产后护理"),
        ("老母猪下完崽卖多少钱", "产后护理"),
        ("母猪生了十二个", "产后护理"),
        ("葡萄吊架子", "育肥"),  # a trellis
        ("人喝温水好", "饮水"),
        ("鸭嘴发紫", "饮水"),
        ("压青怎么压", "青贮"),  # green manure
        ("韭菜割几茬", "刈割"),
        ("羊毛剪几次", "刈割"),
        ("母猪发情打啥针", "催情"),
        ("小鸡离不开人", "脱温"),
        ("鸡离窝了", "断奶"),
    ],
)
def test_field_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong, phrase=True), added_words(question)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "fieldwork")


BASE = [
    _entry("f-1", "农家肥怎样堆沤腐熟？", ["农家肥", "腐熟", "堆沤"]),
    _entry("f-2", "玉米什么时候间苗定苗？", ["玉米", "间苗", "定苗"]),
    _entry("f-3", "苹果怎样疏花疏果？", ["苹果", "疏花疏果"]),
    _entry("f-4", "马铃薯中耕培土怎么做？", ["土豆", "中耕", "培土"]),
    _entry("f-5", "叶面喷施肥料要注意什么？", ["叶面肥", "叶面喷施"]),
    _entry("f-6", "大棚土壤消毒方法", ["大棚", "土壤消毒"]),
    _entry("f-7", "蔬菜为什么要轮作倒茬？", ["轮作", "连作障碍"]),
    _entry("f-8", "深松整地有什么好处？", ["深松", "整地"]),
    _entry("f-9", "花生地膜覆盖栽培技术", ["花生", "地膜"]),
    _entry("f-10", "农田排涝措施", ["排涝", "排水"]),
    _entry("f-11", "抗旱保墒措施", ["保墒", "抗旱"]),
    _entry("f-12", "母猪产后护理要点", ["母猪", "产后护理"]),
    _entry("f-13", "圈舍消毒方法", ["圈舍", "消毒"]),
    _entry("f-14", "仔猪断奶技术", ["仔猪", "断奶"]),
    _entry("f-15", "肉牛育肥技术", ["牛肉", "育肥"]),
    _entry("f-16", "猪的饲料配方", ["猪肉", "饲料配方"]),
    _entry("f-17", "羊的驱虫", ["羊肉", "驱虫"]),
    _entry("f-18", "鸡的免疫程序", ["鸡肉", "免疫程序"]),
    _entry("f-19", "牛人工授精技术", ["牛肉", "人工授精"]),
    _entry("f-20", "畜禽冬季饮水管理", ["饮水"]),
    _entry("f-21", "肉鸡分群饲养", ["鸡肉", "分群"]),
    _entry("f-22", "玉米秸秆青贮技术", ["青贮", "秸秆"]),
    _entry("f-23", "玉米蹲苗怎么蹲？", ["玉米", "蹲苗"]),
    _entry("f-24", "小麦追肥技术", ["小麦", "追肥"]),
    # Near misses: the same words, another matter.
    _entry("d-1", "玉米种植密度多少合适？", ["玉米", "种植密度"]),
    _entry("d-2", "苹果什么时候采收？", ["苹果", "采收"]),
    _entry("d-3", "马铃薯晚疫病怎么防治？", ["土豆", "晚疫病"]),
    _entry("d-4", "鸡苗运输注意事项", ["雏鸡", "运输"]),
    _entry("d-5", "种子消毒方法", ["种子", "消毒"]),
    _entry("d-6", "鱼塘清塘消毒", ["清塘", "消毒"]),
    _entry("d-7", "猪饲料价格", ["猪肉", "饲料", "价格"]),
    _entry("d-8", "羊感冒发烧怎么治？", ["羊肉", "感冒", "发烧"]),
    _entry("d-9", "水稻沤根怎么办？", ["稻谷", "沤根"]),
    _entry("d-10", "大棚扣棚膜什么时候？", ["大棚", "扣棚"]),
    _entry("d-11", "母猪发情配种时间", ["母猪", "发情", "配种"]),
    _entry("d-12", "农药怎么配兑？", ["农药", "配药"]),
]


@pytest.fixture
def base() -> KnowledgeSearch:
    return searched(BASE)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("俺家攒了一堆牛粪咋捂", "f-1"),
        ("鸡粪怎么付熟", "f-1"),
        ("猪粪怎么沤", "f-1"),  # not rotting roots
        ("苗出得太稠了咋办", "f-2"),
        ("玉米苗太挤了拔掉一些", "f-2"),  # thinning, not the sowing density
        ("扯掉多余的苗", "f-2"),
        ("苹果坐得太多咋弄", "f-3"),  # not picking
        ("梨树结得太密了", "f-3"),
        ("土豆垄上要不要加土", "f-4"),  # not its blight
        ("洋芋雍土", "f-4"),
        ("往叶子上喷肥行不行", "f-5"),
        ("喷点磷酸二氢钾", "f-5"),
        ("棚里的土咋杀菌", "f-6"),  # not the film on the roof
        ("大棚换茬前土要不要消毒", "f-6"),
        ("一块地老种一样的行不行", "f-7"),
        ("地下头有一层硬板", "f-8"),
        ("打破犁底层", "f-8"),
        ("花生要不要盖膜", "f-9"),
        ("花生用黑膜还是白膜好", "f-9"),
        ("地里积水排不掉", "f-10"),
        ("雨下多了地里汪着水", "f-10"),
        ("保住地里的潮气", "f-11"),
        ("地里保商咋弄", "f-11"),
        ("母猪下完崽咋护理", "f-12"),  # not her heat
        ("用火碱刷圈", "f-13"),  # not seed or pond disinfection
        ("熏鸡舍用啥", "f-13"),
        ("鸡舍出栏后咋收拾", "f-13"),
        ("小猪多大离娘", "f-14"),
        ("猪先吊架子再催肥", "f-15"),
        ("猪吃的料自己搭配", "f-16"),  # not the feed's price
        ("玉米豆粕麸皮咋配", "f-16"),  # not mixing pesticide
        ("羊一年打几次虫", "f-17"),  # not a cold
        ("猪区虫用啥药", "f-17"),
        ("鸡疫苗咋安排", "f-18"),
        ("防疫针咋排", "f-18"),
        ("牛冷配", "f-19"),
        ("母猪人工配", "f-19"),  # not her heat and natural service
        ("冬天牛喝冰水行吗", "f-20"),
        ("鸡大小不匀要分开养", "f-21"),
        ("压青储", "f-22"),
        ("玉米秆子窖起来", "f-22"),
        ("先别浇水让根往下扎", "f-23"),
        ("玉米吨苗", "f-23"),
        ("苗起来了再撒一道肥", "f-24"),
        # The near misses keep their own questions.
        ("种子消毒用啥药", "d-5"),  # not the soil's
        ("秧苗根沤烂了", "d-9"),  # not manure
        ("大棚盖膜", "d-10"),  # not film mulch
        ("母猪发情打啥针", "d-11"),
        ("农药怎么配", "d-12"),  # not a feed formula
    ],
)
def test_field_words_find_the_entry(base: KnowledgeSearch, query: str, expected: str) -> None:
    assert_ranked_first(base, query, expected)
