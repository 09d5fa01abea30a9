"""English farmers' questions in the knowledge base's Chinese (knowledge/data/english.yaml).

Farmers who write English are often not native speakers: simple words, plurals, other
English names of crops (maize, chilli, brinjal) and misspellings (diarrea, pestiside,
fertilzer, prunning). Each question below must come out as the Chinese words the shipped
base's entries use, and a handful must find their entry in the shipped base.
"""

from __future__ import annotations

import pytest

from knowledge.kb.entries import read_shipped
from knowledge.kb.search import KnowledgeSearch
from knowledge.text.english import to_chinese_query
from tests.words import assert_answered_in_english, searched


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        # Crop symptoms
        ("my tomato leafs turning yellow", "西红柿 叶子发黄"),
        ("yellow leaves on cucumber why", "黄叶 黄瓜 为什么"),
        ("brown spots with rings on potato leaves", "黑斑 轮纹 土豆 叶子"),
        ("my cucumber plant wilting in afternoon", "黄瓜 种 蔫 下午"),
        ("pepper roots rotting and black", "辣椒 烂根 发黑"),
        ("holes in the cabbage leaves", "洞 圆白菜 叶子"),
        ("white powder on pumpkin leaves", "白粉病 南瓜 叶子"),
        ("grey fuzz on strawberry fruits", "灰毛 草莓 水果"),
        ("tomato leaves curling and wrinkled", "西红柿 病毒病 皱缩"),
        ("cracked tomatoes after rain", "裂 西红柿 下雨"),
        ("watermelon fruits splitting", "西瓜 裂果"),
        ("young apple fruits falling", "苹果 落果"),
        ("tomato flowers drop and no fruit set", "西红柿 落花 不坐果"),
        ("the bottom of the tomato is black", "脐腐病 西红柿 发黑"),
        ("leaf edges brown and burnt on grapes", "叶缘焦枯 焦 葡萄"),
        ("lumps on cucumber roots", "疙瘩 黄瓜 根"),
        ("seedlings cut off at night", "断苗 晚上"),
        ("corn seedlings purple", "玉米 苗 发紫"),
        ("eggplant half the leaves yellow", "茄子 半边 发黄"),
        ("napa cabbage rotting with bad smell", "大白菜 烂 发臭"),
        # Pests
        ("aphids on chilli pepper what spray", "蚜虫 辣椒 什么药"),
        ("whiteflys in my greenhouse", "白粉虱 大棚"),
        ("small white moths under the leaves of tomato", "白粉虱 叶子背面 西红柿"),
        ("thrip on eggplant", "蓟马 茄子"),
        ("red spider mite on strawberry", "红蜘蛛 草莓"),
        ("green caterpillars eating cabbage", "青虫 圆白菜"),
        ("corn borer in the stalks", "玉米螟 秆"),
        ("fall army worm in my corn", "草地贪夜蛾 玉米"),
        ("white grubs in the soil eat potatoes", "蛴螬 土壤 土豆"),
        ("slugs and snials eating lettuce", "蜗牛 生菜"),
        ("rats eating sweet potato in the field", "老鼠 红薯"),
        ("locusts eating wheat", "蝗虫 小麦"),
        ("planthoppers on rice", "稻飞虱 水稻"),
        # Diseases
        ("rice blast which pestiside", "稻瘟病 农药"),
        ("sheath blight on rice", "纹枯病 水稻"),
        ("wheat head blight spray at flowering", "小麦 赤霉病 喷药 开花期"),
        ("downey mildew on cucumber", "霜霉病 黄瓜"),
        ("rust on wheat leaves", "锈病 小麦 叶子"),
        ("corn smut", "黑穗病"),
        ("anthracnose on mango", "炭疽病 芒果"),
        ("verticillium wilt eggplant", "黄萎病 茄子"),
        ("citrus greening yellow leaves", "黄龙病 黄叶"),
        ("apple tree bark rotting wine smell", "苹果 树皮 烂 酒糟味"),
        ("mosaic virus on chilli peppers", "病毒病 辣椒"),
        # Farm work
        ("when to sow garlic", "什么时候 播种 大蒜"),
        ("how to transplant tomato seedings", "怎么 移栽 西红柿 苗"),
        ("how often watering in greenhouse in winter", "怎么 浇水 大棚 冬天"),
        ("weeding in corn field which herbicide", "除草 玉米 除草剂"),
        ("how many days after spraying can I sell", "几天 喷药 能 卖"),
        ("prunning apple trees in winter", "修剪 苹果 冬天"),
        ("how to graft cucumber on pumpkin rootstock", "怎么 嫁接 黄瓜 南瓜"),
        ("thinning corn seedlings how many plants", "间苗 玉米 苗 密度"),
        ("drying corn how dry for storage", "晒粮 多干 储存"),
        ("how to store sweet potatoes over winter", "怎么 储存 红薯 过冬"),
        ("how much fertilzer for wheat", "小麦 施肥"),
        ("how to make compost with chicken manure", "怎么 农家肥 鸡粪 农家肥"),
        ("can i use cow dung on vegetables", "能 牛粪 农家肥 蔬菜"),
        ("how long to soak pepper seeds", "多久 浸种 辣椒 种子"),
        ("raise seedlings in plug trays", "育苗 穴盘"),
        ("which mulch film black or white", "地膜 发黑"),
        # Livestock
        ("my pigs have diarrea", "猪 拉稀"),
        ("piglets have loose motions", "小猪 拉稀"),
        ("sow not eating after giving birth", "母猪 不吃食 产仔"),
        ("calf not suckling", "牛 不吃奶"),
        ("lamb not drinking milk", "羊 不吃奶"),
        ("cow is bloated and not chewing cud", "牛 肚子胀 不反刍"),
        ("sheep coughing and fever", "羊 咳嗽 发烧"),
        ("goats losing hair and lice", "羊 掉毛 虱子"),
        ("hens laying soft shell eggs", "鸡 下蛋 软壳蛋"),
        ("chicks need what temperature", "鸡 温度"),
        ("duck vaccination schedule", "鸭 免疫程序"),
        ("cattle limping and drooling", "牛 瘸腿 流口水"),
        ("how to deworm goats", "怎么 驱虫 羊"),
        ("when to mate my sow", "什么时候 配种 母猪"),
        ("rabbits not eating", "兔子 不吃食"),
        ("fish dying in the pond", "死鱼 鱼塘"),
        # Station services, selling, policy
        ("how to book a pickup for my corn", "怎么 预约收货 玉米"),
        ("cancel my booking please", "取消 我的预约"),
        ("change my booking to tomorrow", "改约 明天"),
        ("i missed the pickup", "错过收货"),
        ("my parcel arrived at the station", "代收 服务站"),
        ("is pickup free", "上门收货 收费"),
        ("how will i be paid cash or bank card", "付款方式 现金 银行卡"),
        ("subscribe to price alert for garlic", "订阅 价格提醒 大蒜"),
        ("unsubscribe price alerts", "退订 价格提醒"),
        ("what time does the station open on sunday", "什么时候 服务站 营业时间 周末"),
        ("rent cold storage for apples", "租 冷库 苹果"),
        ("find a buyer for my potatos", "买家 土豆"),
        ("sell fruit online", "卖 水果 网上 网店"),
        ("did my subsidy arrive", "补贴 到账"),
        ("how to buy crop insurance for corn", "怎么 买 农业保险 玉米"),
        ("insurance claim after hail damage", "保险 理赔 冰雹"),
        # Other English names of crops, words in one sense only
        ("fall armyworm in maize", "草地贪夜蛾 玉米"),
        ("how to use urea on maize", "怎么 尿素 玉米"),
        ("free range chickens not laying", "散养 鸡 不下蛋"),
        ("send a parcel from the station", "寄 包裹 服务站"),
        ("delivery fee for pickup", "运费 预约收货"),
    ],
)
def test_a_farmers_english_in_the_bases_chinese(english: str, chinese: str) -> None:
    assert to_chinese_query(english) == chinese


@pytest.mark.parametrize(
    ("english", "not_word"),
    [
        ("how to use urea on maize", "使用帮助"),  # "how to use" is no question about the bot
        ("spring onion", "春天"),  # a vegetable, not the season
        ("free range chickens", "免费"),  # the way they are kept, not a price
        ("the bottom of the tomato is black", "播种"),
        ("sow not eating after giving birth", "播种"),  # the sow, not sowing
        ("my parcel arrived at the station", "到账"),  # a parcel arrives, money 到账
        ("corn seedlings cut off at night", "修剪"),  # cut off by cutworms, not pruned
    ],
)
def test_a_word_is_not_read_in_its_other_sense(english: str, not_word: str) -> None:
    assert not_word not in to_chinese_query(english).split()


@pytest.fixture(scope="module")
def shipped() -> KnowledgeSearch:
    """The search over the shipped knowledge base."""
    return searched(read_shipped())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("piglets have loose motions", "live-012"),
        ("calf not suckling", "live-017"),
        ("rice blast which pestiside", "pest-008"),
        ("planthoppers on rice", "pest-007"),
        ("the bottom of the tomato is black", "fert-010"),
        ("lumps on cucumber roots", "pest-034"),
        ("seedlings cut off at night", "pest-024"),
        ("apple tree bark rotting wine smell", "pest-025"),
        ("i missed the pickup", "station-017"),
        ("my parcel arrived at the station", "station-009"),
        ("is pickup free", "station-004"),
        ("did my subsidy arrive", "policy-016"),
        ("sell fruit online", "sell-001"),
        ("change my booking to tomorrow", "app-008"),
        ("drying corn how dry for storage", "store-006"),
        ("how to store sweet potatoes over winter", "store-002"),
        ("goats losing hair and lice", "live-013"),
        ("wheat head blight spray at flowering", "pest-010"),
        ("sheath blight on rice", "pest-009"),
        ("anthracnose on chilli", "pest-020"),
        ("verticillium wilt eggplant", "pest-031"),
        ("fall armyworm in maize", "pest-005"),
        ("white grubs in the soil eat potatoes", "pest-023"),
        ("raise seedlings in plug trays", "plant-004"),
        ("how to make compost with chicken manure", "fert-004"),
        ("can i use cow dung on vegetables", "fert-004"),
        ("how long to soak pepper seeds", "plant-005"),
        ("how do i check my subsidy", "policy-016"),
        ("how to open the greenhouse in winter", "plant-008"),
        ("how to pack strawberries with ice packs", "pack-003"),
        ("i want to learn to sell on douyin", "sell-002"),
        ("how will i be paid cash or bank card", "station-008"),
        ("rent cold storage for apples", "station-011"),
        ("napa cabbage rotting with bad smell", "pest-032"),
        ("sow not eating after giving birth", "live-018"),
    ],
)
def test_a_farmers_english_question_finds_the_shipped_entry(
    shipped: KnowledgeSearch, question: str, expected: str
) -> None:
    assert_answered_in_english(shipped, question, expected)
