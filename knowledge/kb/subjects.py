"""Whether an entry is about the crop, animal, programme or problem a question names.

Search answers an entry only when it is about what the question is about: a
question naming 兔子 is not answered with 犊牛拉稀, one naming 低保 not with the
farmland subsidy's payday, one naming 纹枯病 not with 稻飞虱防治. These checks read
an entry's words (`DocTokens`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from knowledge.kb.index import DocTokens
from knowledge.text.animals import animals_in
from knowledge.text.lexicon import lexicon
from knowledge.text.thesaurus import Expansion

# Crops whose one character begins the names of their own pests and diseases
# (稻曲病, 稻飞虱, 麦蚜, 茶饼病, 蔗螟, 棉铃虫, 梨木虱): an entry naming one is about the
# crop though it never names the crop, and so is a farmer's question.
HOST_CHARS = {"稻": "稻谷", "麦": "小麦", "茶": "茶叶", "蔗": "甘蔗", "棉": "棉花", "梨": "梨"}
# Names that begin so but are no pest of that crop: 梨小食心虫 feeds on peaches and
# apples too, 梨形虫病 is a disease of cattle and sheep.
_NOT_HOSTED = ("梨小", "梨形")
# The last characters of pest and disease names (稻曲病, 麦秆蝇, 口蹄疫, 乳房炎).
PEST_ENDINGS = frozenset("病瘟虫螟虱蛾蚜螨蝇疫炎")


def hosts_named(words: Sequence[str]) -> set[str]:
    """The crops that pest and disease names among `words` begin with (稻曲病 → 稻谷)."""
    return {
        HOST_CHARS[word[0]]
        for word in words
        if len(word) >= 2
        and word[0] in HOST_CHARS
        and word[-1] in PEST_ENDINGS
        and not word.startswith(_NOT_HOSTED)
    }


def absent_subject(tokens: DocTokens, products: set[str], named: set[str]) -> float:
    """1.0 when the entry mentions none of the products or crops / animals named.

    By any of a product's names, inside longer words too (牛 in 牛羊, 鸭 for 鸭子).
    One of several named is enough: 黄瓜 in "黄瓜白粉，跟麦子那个一样不" is asked
    about, 麦子 is only compared with.
    """
    text = _text(tokens)
    hosts = hosts_named((*tokens.question, *tokens.tags))
    for product in products:
        if product in hosts or any(name in text for name in names_of(product)):
            return 0.0
    for name in named:
        stem = name[:-1] if len(name) > 1 and name[-1] in "子儿" else name
        if stem in text or name in hosts:
            return 0.0
    return 1.0


def absent_programme(tokens: DocTokens, programmes: Sequence[tuple[str, ...]]) -> float:
    """1.0 when the query names a programme outside farming (低保) the entry never mentions.

    Unlike a crop, such a programme is never named in passing: 低保啥时候发 is not
    about the farmland subsidy's payday, 养老保险 is not 养殖保险.
    """
    if not programmes:
        return 0.0
    text = _text(tokens)
    return float(any(not any(name in text for name in names) for names in programmes))


def _text(tokens: DocTokens) -> str:
    return "".join((*tokens.question, *tokens.alts, *tokens.tags, *tokens.answer))


@cache
def _all_names() -> dict[str, tuple[str, ...]]:
    """Every product's names (canonical first), from the synonym table."""
    names: dict[str, list[str]] = {}
    for name, canonical in lexicon().term_of.items():
        if lexicon().kind_of.get(canonical) == "product":
            names.setdefault(canonical, [canonical]).append(name)
    return {k: tuple(dict.fromkeys(v)) for k, v in names.items()}


def names_of(product: str) -> tuple[str, ...]:
    """A product's names; a one-character alias (牛 for 牛肉) is the shortest form."""
    return _all_names().get(product, (product,))


def names_pest(word: str, shortest: int = 1) -> bool:
    """Whether a word names a pest or disease: a pest of the lexicon by any of its names
    (蚜虫, 腻虫), or a word of `shortest` characters or more with a pest's ending (玉米螟,
    稻瘟病; at 3, not 毛病 or 生病)."""
    names = lexicon()
    if names.kind_of.get(names.term_of.get(word, "")) == "pest":
        return True
    return len(word) >= shortest and word[-1] in PEST_ENDINGS


def problems_asked(
    typed: Iterable[str], added: Iterable[str], expansions: Iterable[Expansion]
) -> set[str]:
    """The pests and diseases a question asks about, named (`typed`) or read by the
    thesaurus from what it describes (`added`).

    A pest or disease the farmer named is what is asked: its other names are too, what
    the name means on the crop named (钻心虫 on rice: 二化螟) and narrower ones (锈病 →
    条锈病), but not its neighbours (出血病 ~ 鱼病 ~ 烂鳃病).
    """
    added = list(added)
    named = {t for t in typed if names_pest(t, shortest=3)}
    if not named:
        return {t for t in added if names_pest(t, shortest=3)}
    meant = {
        t
        for e in expansions
        if (e.same or e.lead or e.narrower) and e.sources & named
        for t in e.terms
        if names_pest(t, shortest=3)
    }
    narrower = {t for t in added if any(n in t for n in named)}
    return named | meant | narrower


# Words of entries about a policy or a station service rather than farming (补贴,
# 土地流转; 快递, 冷库): asked of a farming question that names none (黄豆一亩用多少种子 to
# 种子补贴怎么领), such an entry answers another question.
KINDS = {
    "policy": tuple(
        "补贴 补助 保险 理赔 投保 贷款 政策 流转 确权 承包 托管 低保 医保 补偿 直补".split()
    ),
    "service": tuple(
        "快递 寄件 取件 包裹 冷库 预约 收货 上门 代购 结算 货款 服务站 网点 运费 投诉 营业".split()
    ),
}


# What a farming question asks about a crop or an animal (修剪 in 蓝莓咋修剪, 割 in
# 青稞啥时候割): an entry on the same crop about another task (蓝莓灰霉病, 青稞啥时候种)
# answers another question. Cues are parts of words (=割: a whole word only);
# `ASPECT_NOT` lists, per task, words that carry its cue but not the task (育肥 is
# fattening, not fertilising).
_ASPECT_CUES = """
protect: 治 消毒 喂药 灌药 打药 喷药 用药 农药 杀虫 杀菌 药剂 疫苗 免疫 驱虫 防疫 打针 症状
protect: 病 瘟 虫 螨 蚜 螟 虱 蛾 蛆
weeds: 除草 杂草 草害 封闭药 化除
fertilise: 肥 缺素 缺氮 缺磷 缺钾 缺硼 缺锌 缺铁 缺钙 缺镁
prune: 修剪 剪枝 冬剪 夏剪 整形 拉枝 摘心 打顶 打杈 抹芽 环剥 控梢 疏花 疏果 嫁接 高接
sow: 播种 下种 育苗 育秧 移栽 定植 插秧 抛秧 扦插 栽植 栽种 株距 行距 播量 选种 浸种 催芽
harvest: 收获 采收 采摘 收割 采茶 挖笋 割胶 收花 =割
store: 储存 贮藏 储藏 保鲜 存放 窖藏 入窖 下窖 入库
store: 加工 烘焙 烘干 晾晒 晒干 杀青 萎凋 揉捻 熏制 腌制 烤烟 烘烤 压饼 制茶
feed: 喂 饲料 饲喂 喂养 补饲 精料 青贮 草料 喂料 投喂 日粮
mate: 发情 配种 授精 冻精 返情 屡配不孕
birth: 怀孕 妊娠 怀胎 分娩 接产 产仔 产羔 产犊 下崽 难产 产前 产后 孵化
price: 价 行情 多少钱 几多钱 多钱 收购 销售 出售 出栏 卖
flower: 授粉 保花 保果 坐果
shear: 剪毛 剪羊毛 抓绒 梳绒
lay: 下蛋 产蛋 开产 抱窝
grade: 分级 等级 分拣
variety: 品种
stock: 放苗 投苗 放养 投放
"""


def _cue_table(text: str) -> dict[str, tuple[str, ...]]:
    """`name: cue cue …` lines as {name: cues}; a name on several lines gets them all."""
    table: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        name, cues = line.split(":")
        table[name] = (*table.get(name, ()), *cues.split())
    return table


ASPECTS = _cue_table(_ASPECT_CUES)
ASPECT_NOT = {
    "fertilise": tuple("育肥 肥育 催肥 养肥 肥猪 肥牛 肥羊 肥胖 减肥".split()),
    "protect": ("毛病",),
    "price": ("评价", "价值"),
    "feed": ("喂药",),
}


def aspects_of(words: Iterable[str]) -> set[str]:
    """The farming tasks the words are about (修剪, 施肥, 储存 …), see `ASPECTS`."""
    found = set()
    for word in words:
        for aspect, cues in ASPECTS.items():
            if any(n in word for n in ASPECT_NOT.get(aspect, ())):
                continue
            if any(word == c[1:] if c[0] == "=" else c in word for c in cues):
                found.add(aspect)
    return found


# What a policy or a service is for (补贴 for 农机, for 母牛, for 大棚): asked of one
# (基础母牛补贴咋申请), an entry about another (农机购置补贴) answers another question.
# Animals and crops named are objects too (`policy_objects`).
_OBJECT_CUES = """
machinery: 农机 购机 拖拉机 收割机 微耕机 旋耕机 播种机 插秧机 无人机 机械 烘干机
land: 耕地 地力 种粮 流转 确权 土地 承包地 撂荒 高标准农田
facility: 大棚 温室 设施 冷库 冷藏 保鲜库 烘房
film: 地膜 残膜 农膜
house: 房 屋
school: 上学 助学 学费 读书
livestock: 养殖 畜 禽 能繁
"""
OBJECTS = _cue_table(_OBJECT_CUES)


def policy_objects(words: Iterable[str]) -> set[str]:
    """What a policy or service the words name is for (农机, 耕地, 大棚, an animal, a crop)."""
    words = list(words)
    found = {o for o, cues in OBJECTS.items() for w in words if any(c in w for c in cues)}
    if animals_in(words):
        found.add("livestock")
    kinds = lexicon().kind_of
    if any(kinds.get(w) == "product" and not animals_in([w]) for w in words):
        found.add("crop")
    return found


def kinds_of(words: Iterable[str]) -> set[str]:
    """The kinds (policy, service) the words are about (耕地地力保护补贴, 冷库租用)."""
    return {kind for kind, cues in KINDS.items() for w in words if any(c in w for c in cues)}


def uncertain_causes(
    expansions: Iterable[Expansion], said: Iterable[str], asked: Iterable[str]
) -> frozenset[str]:
    """The causes a described sign may have (叶子发黄: 缺氮, 病毒病, 根腐病 …) when the sign is
    all that is asked (`asked`: the question's words besides the crop) and nothing settles
    them: none typed, none read for certain by another lead."""
    expansions = list(expansions)
    signs = {t for e in expansions if e.causes for t in e.sources}
    if not signs or not set(asked) <= signs:
        return frozenset()
    firm = set(said) | {t for e in expansions if not e.causes for t in e.terms}
    return frozenset(t for e in expansions for t in e.causes) - firm


def one_of_causes(tokens: DocTokens, causes: frozenset[str], sign: Iterable[str]) -> float:
    """1.0 when an entry's question and tags name just one of the sign's possible causes
    and not the sign: it answers one cause of many (西红柿病毒病怎么治 for 番茄叶子发黄), not
    the question (小猪拉稀怎么办 answers 小猪拉稀, whatever its tags say the cause is)."""
    if not causes:  # most questions: no sign with several causes
        return 0.0
    own = {*tokens.question, *tokens.tags}
    return 1.0 if len(causes & own) == 1 and not own & set(sign) else 0.0
