"""When and how much: the extension office's words for timing, dose and method (issue 12, dosage).

An admin titles and tags entries in the office's terms: 防治适期, 最佳时期, 关键期, 施药时间,
喷施次数, 间隔, 用药量, 稀释倍数 (…倍液), 混用 and 复配, 轮换用药 and 抗药性, 用药部位, 剂型,
安全间隔期; for stock 饲喂次数, 饲喂量, 补饲量, 饮水给药, 拌料给药, 用法用量 and 剂量, 疗程,
休药期. Farmers ask in their own words, north and south, old and young, short or rambling:
啥时候打最管用, 好久打药, 么子时候打; 早上打还是晚上打, 下雨前能打不, 落雨前打得药冇 (read as
Mandarin), 有露水能打吗; 打几遍, 打一遍够不够, 隔几天打一回, 各几天 (typed by sound); 一桶水兑
好多, 一壶水落几多药, 15斤水放几盖子, 1000被液; 两样药能一起打不, 虫药和病药; 老用一种药不管用了;
药要喷叶背不, 往哪打; 乳油和粉剂哪个好; 喷了药好久能摘, 打咗药几耐先摘得, 间格期; 一天喂几顿,
两顿还是三顿, 一天吃几斤精料, 羊冬天补多少料; 药放水里给鸡喝, 土霉素拌料里; 一斤料拌多少药,
一百斤的猪打几毫升, 计量 (for 剂量); 药要吃几天, 连喂几天; 杀了卖肉要停几天药, 吃了药的鸡下的蛋.

Leads, one way, add the standard term. A timing question about spraying names the pest or the
spray (啥时候打 alone is also a vaccine, 打虫 and 打草 of stock are worming and haymaking); a count
names the spray (说了几遍, 打几遍电话); a bucket is of water with a dosing verb (一桶油); stopping
is 停药, never 停 alone (停电, 雨停); a stock dose names the medicine, the feed or the water (红糖
水, 香菇拌料, 羔羊奶粉); the traps below gain nothing.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import Entry
from knowledge.kb.search import KnowledgeSearch
from tests.words import added_words, assert_ranked_first, says, searched


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # The best time to control a pest (防治适期): the pest or the spray named, any region.
        ("蚜虫啥时候打最管用", "防治适期"),
        ("玉米螟什么时候防治最好", "防治适期"),
        ("稻飞虱哪个时候打药效果好", "防治适期"),
        ("小麦赤霉病啥时候打药", "防治适期"),
        ("红蜘蛛几月份打药", "防治适期"),
        ("苞谷钻心虫好久打", "防治适期"),  # 西南 好久 = when
        ("菜青虫么子时候打最有效", "防治适期"),  # 湘
        ("梨木虱啥前儿喷最好", "防治适期"),  # 东北
        ("白粉病长到多大的时候打", "防治适期"),
        ("桃树啥时候打药", "防治适期"),
        ("这个病啥时候防治", "防治适期"),
        ("打药的最佳时期是啥时候", "防治适期"),
        ("啥时候打最管用", "防治适期"),
        ("俺家二亩麦子腻虫又起来了，这药啥时候打最管用啊", "防治适期"),
        ("老师你好，我家柑子树红蜘蛛好多，么子时候打药效果最好", "防治适期"),
        # The best or the key time for any job (最佳时期, 关键期).
        ("小麦啥时候追肥最好", "最佳时期"),
        ("苹果啥时候套袋最合适", "最佳时期"),
        ("葡萄几月份修剪最好", "最佳时期"),
        ("什么时候浇水最关键", "关键期"),
        # The time of day and the weather (施药时间).
        ("早上打还是晚上打", "施药时间"),
        ("早上打好还是傍晚打好", "施药时间"),
        ("中午能打不", "施药时间"),
        ("天黑了能打药不", "施药时间"),
        ("下雨前能打不", "施药时间"),
        ("落雨前打得药冇", "施药时间"),  # 粤, read as Mandarin
        ("有露水能打吗", "施药时间"),
        ("刮风能打不", "施药时间"),
        ("一天中什么时候打药好", "施药时间"),
        ("太阳落山后打药行不", "施药时间"),
        ("毛毛雨能喷不", "施药时间"),
        ("我们这边天天下雨，下雨前能打不，打了会不会白打", "施药时间"),
        # How many times (喷施次数) and how often (间隔).
        ("打几遍药", "喷施次数"),
        ("这药要打几遍", "喷施次数"),
        ("蚜虫要打几次", "喷施次数"),
        ("一季稻飞虱打几次药", "喷施次数"),
        ("除草剂打一遍够不够", "喷施次数"),
        ("红蜘蛛打一次就行吗", "喷施次数"),
        ("这药打几变", "喷施次数"),  # 遍 typed by sound
        ("霜霉病还要再打一遍不", "喷施次数"),
        ("隔几天打一回", "间隔"),
        ("隔几天打一回药", "间隔"),
        ("几天打一道药", "间隔"),
        ("杀菌剂几天一回", "间隔"),
        ("药隔几日喷一次", "间隔"),
        ("各几天打一次药", "间隔"),  # 隔 typed by sound
        # A tank of water and the dose (用药量), the dilution by its number (稀释倍数).
        ("一桶水兑多少", "用药量"),
        ("一桶水兑好多", "用药量"),  # 西南 好多 = how much
        ("一壶水落几多药", "用药量"),  # 粤 客家
        ("一喷壶放几盖", "用药量"),
        ("15斤水放几盖子", "用药量"),
        ("一背水放几瓶盖", "用药量"),
        ("一喷雾器兑几包", "用药量"),
        ("这药一亩地用几包", "用药量"),
        ("这个药一亩用多少", "用药量"),
        ("大叔问一下，这个杀菌剂一桶水兑好多，我那桶是十五斤的", "用药量"),
        ("几倍液", "稀释倍数"),
        ("1000被液咋兑", "稀释倍数"),  # 倍 typed by sound
        ("一千倍是啥意思", "稀释倍数"),
        ("800倍怎么兑", "稀释倍数"),
        ("弄不懂说明书上写的1500倍液到底咋兑", "稀释倍数"),
        # Two products in one tank (混用).
        ("两样药能一起打不", "混用"),
        ("两种药可以掺一起打吗", "混用"),
        ("杀虫的和杀菌的能一起打不", "混用"),
        ("虫药和病药能兑一起不", "混用"),
        ("农药跟叶面肥能一齐打吗", "混用"),
        ("啲药可唔可以一齐打", "混用"),  # 粤
        # The same product every year (轮换用药).
        ("老用一种药不管用了", "轮换用药"),
        ("一直打这个药虫子打不死", "轮换用药"),
        ("吡虫啉打了好几年不灵了", "轮换用药"),
        ("年年用一样的除草剂", "轮换用药"),
        ("去年买的吡虫啉今年打了好几遍不灵了，是不是老用一种药的原因", "轮换用药"),
        # Where on the plant (用药部位) and the product's form (剂型).
        ("药要喷叶背不", "用药部位"),
        ("打药要打叶子背面吗", "用药部位"),
        ("叶子背面要不要喷", "用药部位"),
        ("玉米螟药往哪打", "用药部位"),
        ("颗粒剂撒喇叭口里行不", "用药部位"),
        ("乳油和粉剂哪个好", "剂型"),
        ("水剂和乳油有啥区别", "剂型"),
        ("悬浮剂是啥意思", "剂型"),
        ("ec是啥意思", "剂型"),
        # Days from the spray to the picking (安全间隔期).
        ("打了药几天能摘", "安全间隔期"),
        ("喷了药好久能摘", "安全间隔期"),
        ("打咗药几耐先摘得", "安全间隔期"),  # 粤
        ("打药后多少天可以卖", "安全间隔期"),
        ("韭菜打了药几天能割", "安全间隔期"),
        ("打药间格期几天", "安全间隔期"),  # 隔 typed by sound
        # Stock: feeds a day, how much, extra feed in winter.
        ("一天喂几顿", "饲喂次数"),
        ("一天喂几顿喂多少", "饲喂次数"),
        ("鸡一天喂几次", "饲喂次数"),
        ("牛一天喂两顿还是三顿", "饲喂次数"),
        ("猪一天加几次料", "饲喂次数"),
        ("咱这牛圈里十几头牛，一天到底喂两顿还是三顿", "饲喂次数"),
        ("一头牛一天喂多少斤料", "饲喂量"),
        ("母羊一天吃几斤精料", "饲喂量"),
        ("育肥猪每天吃多少", "饲喂量"),
        ("羊一天补多少料", "补饲量"),
        ("母羊冬天补多少精料", "补饲量"),
        ("牛冬天补点玉米补几斤", "补饲量"),
        # Medicine in the water or the feed, and how much in how much.
        ("药加水里喂行不", "饮水给药"),
        ("药放水里给鸡喝", "饮水给药"),
        ("阿莫西林兑水喂鸡", "饮水给药"),
        ("多维放水里小鸡喝行不", "饮水给药"),
        ("鸡拉稀了买了恩诺沙星，放水里给鸡喝行不行，喝几天", "饮水给药"),
        ("土霉素能拌料里喂猪吗", "拌料给药"),
        ("驱虫药拌到料里行不", "拌料给药"),
        ("一斤料拌多少药", "剂量"),
        ("一吨饲料加多少土霉素", "剂量"),
        ("一斤水放多少恩诺沙星", "剂量"),
        ("一百斤的猪打几毫升", "剂量"),
        ("一只鸡喂几片", "剂量"),
        ("羊羔打多少伊维菌素", "剂量"),
        ("这药计量多少", "剂量"),  # 剂 typed by sound
        ("这药一天喂几次", "用法用量"),
        ("一次喂几片药", "用法用量"),
        # How many days (疗程), and days off medicine before selling (休药期).
        ("药要吃几天", "疗程"),
        ("这药吃几天", "疗程"),
        ("猪打针要打几天", "疗程"),
        ("阿莫西林要连喂几天", "疗程"),
        ("好了还要喂药不", "疗程"),
        ("鸡拉稀了买了恩诺沙星，放水里给鸡喝行不行，喝几天", "疗程"),
        ("杀了卖肉要停几天药", "休药期"),
        ("卖猪前停几天药", "休药期"),
        ("出栏前要停药吗", "休药期"),
        ("吃了药的鸡下的蛋能吃不", "休药期"),
        ("奶牛打了针奶能卖吗", "休药期"),
        ("鸡喂了药几天能杀", "休药期"),
        ("停药时间多长", "休药期"),
        ("羊下个月要卖了，前几天刚打了针，杀了卖肉要停几天药", "休药期"),
        # A crop's sowing month (播期).
        ("玉米几月份种", "播期"),
    ],
)
def test_dosage_words_point_at_standard_terms(question: str, term: str) -> None:
    assert says(question, term, phrase=True), added_words(question)


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        ("我都说了几遍了怎么还不来", "喷施次数"),  # 几遍 of talk
        ("这个视频看了几遍没看懂", "喷施次数"),
        ("打几遍电话都没人接", "喷施次数"),
        ("再打一次电话", "喷施次数"),
        ("还要打疫苗不", "喷施次数"),
        ("疫苗隔几天打一次", "喷施次数"),
        ("新城疫疫苗打几次", "喷施次数"),
        ("一桶油多少钱", "用药量"),  # a bucket of oil
        ("一桶油兑多少钱", "用药量"),
        ("羔羊奶粉一桶水放多少", "用药量"),  # milk powder
        ("羔羊奶粉一桶水放多少", "剂量"),
        ("一亩地用多少复合肥", "用药量"),
        ("中药材一亩地用多少肥", "用药量"),  # 药 of 中药材
        ("停电了冷库咋办", "休药期"),  # 停 alone
        ("下雨停工了", "休药期"),
        ("雨停几天再种", "休药期"),
        ("高血压药能停药吗", "休药期"),  # nothing sold
        ("打了药的菜能吃吗", "休药期"),  # a crop's residue
        ("打了药几天能摘", "休药期"),
        ("摘帽以后还有补贴吗", "安全间隔期"),  # 摘 of 摘帽
        ("贫困户摘帽了", "安全间隔期"),
        ("早上好", "施药时间"),  # a greeting
        ("早上好，问下玉米啥时候施肥", "施药时间"),
        ("早上打针还是晚上打针", "施药时间"),  # an injection
        ("晚上能打电话吗", "施药时间"),
        ("中午几点开门", "施药时间"),
        ("下雨后能打场吗", "施药时间"),  # threshing
        ("下雨前能收完麦子不", "施药时间"),
        ("阴天能晒粮食吗", "施药时间"),
        ("猪瘟疫苗啥时候打", "防治适期"),  # a vaccine
        ("羊三联四防疫苗什么时候打最好", "防治适期"),
        ("羊啥时候打虫", "防治适期"),  # worming
        ("牛啥时候打草", "防治适期"),  # haymaking
        ("羊啥时候打驱虫药", "防治适期"),
        ("针打在哪里", "防治适期"),
        ("啥时候卖最好", "最佳时期"),  # selling, not a job
        ("啥时候收购价最高", "最佳时期"),
        ("什么时候交钱最合适", "最佳时期"),
        ("啥时候打电话合适", "最佳时期"),  # 打 of a phone call
        ("两种疫苗能一起打吗", "混用"),  # vaccines
        ("两种药轮换着用", "混用"),
        ("鸡鸭能混在一起养吗", "混用"),
        ("拖拉机用了几年不行了", "轮换用药"),
        ("老用一样的肥料效果差", "轮换用药"),
        ("叶子背面发霉了", "用药部位"),  # a sign, not where to spray
        ("叶子背面有小白虫", "用药部位"),
        ("复合肥颗粒的还是粉的好", "剂型"),
        ("乳油打了还是不管用", "剂型"),
        ("翻了一倍是啥意思", "稀释倍数"),
        ("猪一天喂几斤料", "饲喂次数"),  # an amount, not a count
        ("小鸡喝几天糖水", "疗程"),  # no medicine
        ("鸡连续几天死", "疗程"),
        ("除草剂连续用几年有药害吗", "疗程"),
        ("这药打了几天了还不见效", "疗程"),
        ("红糖放水里给小鸡喝", "饮水给药"),
        ("香菇拌料加多少石灰", "拌料给药"),  # mushroom substrate
        ("菌棒拌料加尿素行不", "拌料给药"),
        ("一头猪用多少料", "剂量"),
        ("一只鸡打多少钱", "剂量"),
        ("一斤水兑多少药", "剂量"),  # a crop spray
        ("一桶水兑多少药", "剂量"),
        ("一头猪吃多少药", "饲喂量"),
        ("养羊补多少钱", "补饲量"),  # a subsidy
        ("牛补贴补多少", "补饲量"),
        ("肥猪再加点料", "补饲量"),
        ("这药对水稻有药害吗", "兑水"),  # 对 of 对水稻
        ("几天能出苗", "间隔"),
    ],
)
def test_dosage_words_do_not_overreach(question: str, wrong: str) -> None:
    assert not says(question, wrong, phrase=True), added_words(question)


def _entry(entry_id: str, question: str, tags: list[str]) -> Entry:
    return Entry(entry_id, question, "见农技站说明。", [], tags, "farming")


# Spraying: when, how often (and near misses: vaccines, worming, fertiliser timing).
SPRAY_TIMING = [
    _entry("a-1", "小麦蚜虫的防治适期是什么时候？", ["小麦", "蚜虫", "防治适期"]),
    _entry("a-2", "一天中什么时间施药效果最好？", ["施药时间"]),
    _entry("a-3", "杀虫剂的喷施次数和间隔天数", ["喷施次数", "间隔"]),
    _entry("a-4", "喷药后遇雨需要补喷吗？", ["补喷"]),
    _entry("a-5", "猪瘟疫苗的免疫程序", ["免疫程序", "疫苗"]),
    _entry("a-6", "羊驱虫的时间和方法", ["驱虫"]),
    _entry("a-7", "小麦追肥的最佳时期", ["追肥", "最佳时期"]),
]

# Spraying: how much, together, in turn, where, which form, how soon to pick.
SPRAY_DOSE = [
    _entry("b-1", "农药稀释倍数怎么算，一喷雾器加多少药？", ["稀释倍数", "用药量"]),
    _entry("b-2", "不同农药能否混用？", ["混用", "复配"]),
    _entry("b-3", "害虫产生抗药性怎么轮换用药？", ["轮换用药", "抗药性"]),
    _entry("b-4", "喷药的用药部位：叶背要喷到吗？", ["用药部位"]),
    _entry("b-5", "农药剂型怎么选？", ["剂型", "乳油", "悬浮剂"]),
    _entry("b-6", "蔬菜的安全间隔期是多少天？", ["安全间隔期"]),
    _entry("b-7", "玉米一亩施肥量是多少？", ["施肥量"]),
    _entry("b-8", "羔羊代乳粉怎么冲调？", ["羔羊", "代乳粉"]),
    _entry("b-9", "农药中毒怎么急救？", ["农药中毒", "急救"]),
    _entry("b-10", "除草剂每亩用药量是多少？", ["除草剂", "用药量"]),
]

# Stock medicine: in the water, in the feed, how many days, days off before selling, dose.
STOCK_MEDICINE = [
    _entry("c-1", "鸡饮水给药怎么操作？", ["饮水给药"]),
    _entry("c-2", "兽药拌料给药怎么拌匀？", ["拌料给药", "兽药"]),
    _entry("c-3", "兽药的疗程一般几天？", ["疗程", "兽药"]),
    _entry("c-4", "畜禽出栏前的休药期是多少天？", ["休药期", "出栏"]),
    _entry("c-5", "兽药的用法用量按体重怎么算？", ["剂量", "用法用量"]),
    _entry("c-6", "香菇菌棒拌料配方", ["香菇", "拌料"]),
    _entry("c-7", "雏鸡开食喂什么？", ["雏鸡", "开食"]),
    _entry("c-8", "冷库停电怎么办？", ["冷库", "停电"]),
    _entry("c-9", "猪瘟疫苗的免疫程序", ["免疫程序", "疫苗"]),
]

# Feeding: feeds a day, how much, extra feed (and a subsidy, water, a dam, silage).
FEEDING = [
    _entry("d-1", "育肥牛每天饲喂几次？", ["肉牛", "饲喂次数"]),
    _entry("d-2", "育肥牛的日粮饲喂量是多少？", ["肉牛", "饲喂量"]),
    _entry("d-3", "冬春季母羊的补饲量是多少？", ["母羊", "补饲量"]),
    _entry("d-4", "肉牛养殖有什么补贴？", ["肉牛", "补贴"]),
    _entry("d-5", "牛冬天饮温水有什么好处？", ["饮水"]),
    _entry("d-6", "母羊产后怎么护理？", ["母羊", "产后护理"]),
    _entry("d-7", "青贮饲料怎么制作？", ["青贮"]),
]


@pytest.fixture(scope="module")
def spray_timing() -> KnowledgeSearch:
    return searched(SPRAY_TIMING)


@pytest.fixture(scope="module")
def spray_dose() -> KnowledgeSearch:
    return searched(SPRAY_DOSE)


@pytest.fixture(scope="module")
def stock_medicine() -> KnowledgeSearch:
    return searched(STOCK_MEDICINE)


@pytest.fixture(scope="module")
def feeding() -> KnowledgeSearch:
    return searched(FEEDING)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("麦子腻虫啥时候打最管用", "a-1"),
        ("小麦蚜虫好久打药效果好", "a-1"),
        ("蚜虫几月份打药", "a-1"),
        ("早上打还是晚上打", "a-2"),  # not the rain's entry
        ("打药早上打好还是傍晚打好", "a-2"),
        ("天黑了能打药不", "a-2"),
        ("落雨前打得药冇", "a-2"),
        ("杀虫剂要打几遍", "a-3"),
        ("这药要打几遍", "a-3"),
        ("隔几天打一回药", "a-3"),
        ("刚打完药就下雨了咋整", "a-4"),
        ("猪瘟疫苗啥时候打", "a-5"),  # not the pest's spray
        ("羊啥时候打虫", "a-6"),
        ("小麦啥时候追肥最好", "a-7"),  # not the aphid's spray
    ],
)
def test_spray_timing_finds_the_entry(
    spray_timing: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(spray_timing, query, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("一桶水兑好多药", "b-1"),
        ("1000被液咋兑", "b-1"),
        ("一喷壶放几盖", "b-1"),  # not the fertiliser's rate
        ("两样药能一起打不", "b-2"),
        ("杀虫的和杀菌的能兑一起不", "b-2"),
        ("老用一种药不管用了", "b-3"),
        ("吡虫啉打了好几年不灵了", "b-3"),
        ("药要喷叶背不", "b-4"),
        ("玉米螟药往哪打", "b-4"),
        ("乳油和粉剂哪个好", "b-5"),
        ("水剂和乳油有啥区别", "b-5"),
        ("打了药几天能摘", "b-6"),
        ("喷了药好久能摘", "b-6"),
        ("玉米一亩地撒多少肥", "b-7"),  # fertiliser, not pesticide
        ("羔羊奶粉一桶水放多少", "b-8"),  # milk powder, not a spray
        ("打药后头晕想吐", "b-9"),
    ],
)
def test_spray_dose_finds_the_entry(spray_dose: KnowledgeSearch, query: str, expected: str) -> None:
    assert_ranked_first(spray_dose, query, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("药放水里给鸡喝", "c-1"),
        ("阿莫西林兑水喂鸡行不", "c-1"),
        ("土霉素能掺到料里喂吗", "c-2"),  # not the mushroom's substrate
        ("驱虫药拌到料里行不", "c-2"),
        ("药要吃几天", "c-3"),
        ("猪打针要打几天", "c-3"),
        ("阿莫西林要连喂几天", "c-3"),
        ("卖猪前停几天药", "c-4"),
        ("出栏前要停药吗", "c-4"),
        ("一百斤的猪打几毫升", "c-5"),
        ("这药计量多少", "c-5"),
        ("香菇拌料加多少石灰", "c-6"),  # the substrate, not medicine
        ("小鸡头一回喂啥", "c-7"),
        ("停电了冷库咋办", "c-8"),  # 停 of the power
        ("猪瘟疫苗啥时候打", "c-9"),
    ],
)
def test_stock_medicine_finds_the_entry(
    stock_medicine: KnowledgeSearch, query: str, expected: str
) -> None:
    assert_ranked_first(stock_medicine, query, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("牛一天喂几顿", "d-1"),
        ("牛一天喂两顿还是三顿", "d-1"),
        ("一头牛一天喂多少斤料", "d-2"),
        ("羊冬天补多少料", "d-3"),
        ("母羊冬天补多少精料", "d-3"),
        ("养牛补多少钱", "d-4"),  # a subsidy, not extra feed
        ("牛喝凉水还是温水", "d-5"),
    ],
)
def test_feeding_finds_the_entry(feeding: KnowledgeSearch, query: str, expected: str) -> None:
    assert_ranked_first(feeding, query, expected)
