"""Which animal a word is about, by the character that names it (黄牛, 犊牛 → 牛).

Farmers and admins name livestock by breed, age or sex (黄牛, 犊牛, 母牛, 仔猪,
小猪, 羊羔, 山羊, 土鸡, 大鹅); the synonym table cannot list them all, and a base
about 仔猪拉稀 must not answer 黄牛拉稀. A word of two characters naming an animal
anywhere, or of three ending with it, is about that animal; weeds, pests and herbs
named after animals are not (牛筋草, 天牛, 马唐).
"""

from __future__ import annotations

from collections.abc import Iterable

from knowledge.text.lexicon import lexicon

ANIMALS = frozenset("牛猪羊鸡鸭鹅兔驴骡马鱼虾蟹蜂蚕鸽")
# Other creatures named after an animal: 牛 of 牛蛙 is no cow, in any sense.
OTHER_CREATURES = frozenset(
    "天牛 蜗牛 马蜂 海马 斑马 "
    # 牛蛙 is the bullfrog, 豪猪 the porcupine of special breeding: no cattle, no pig
    "牛蛙 豪猪 "
    # 土蚕, 地蚕 (cutworms, grubs) and 麦蚕 (the armyworm) are crop pests, no silkworm
    "土蚕 地蚕 麦蚕 "
    # 田鸡 is a frog; 赤眼蜂 the wasp released against corn borers, no honeybee
    "田鸡 赤眼蜂 "
    # 羊驼 is the alpaca, no sheep (a base about sheep does not answer 羊驼怎么养); 羊角蜜
    # is a melon, whose 羊 sets off no sheep's lead
    "羊驼 羊角蜜".split()
)
# Two-character words with an animal's character that are not about the animal.
NOT_ANIMALS = OTHER_CREATURES | frozenset(
    "牛蒡 牛膝 马唐 木马 鸡爪 羊角 鱼藤 蜂蜜 马上 马路 牛逼 "
    "蚕豆 马车 鸭梨 鸡冠 猪苓 羊肚 "
    # 鸡枞 is a wild fungus of 云南; 马蹄 the water chestnut of the south
    "鸡枞 马蹄".split()
)


def animals_of(word: str) -> set[str]:
    """The animals a word is about, by canonical name (牛肉 for 黄牛; 牛羊 is both)."""
    # A noun suffix changes nothing: 牛犊子 is 牛犊, 羊羔子 is 羊羔.
    if len(word) == 3 and word[-1] in "子儿":
        word = word[:-1]
    if word in NOT_ANIMALS:
        return set()
    # A longer word that raises an animal is about it (稻田养鱼, 林下养鸡).
    if len(word) > 3 and word[-2] == "养" and word[-1] in ANIMALS:
        return {lexicon().term_of.get(word[-1], word[-1])}
    if not 1 <= len(word) <= 3:
        return set()
    chars = word if len(word) <= 2 else word[-1]
    return {lexicon().term_of.get(c, c) for c in chars if c in ANIMALS}


def animals_in(words: Iterable[str]) -> set[str]:
    """The animals these words are about."""
    return {a for w in words for a in animals_of(w)}


def county_animal(meat: str) -> str | None:
    """The county's one product of the live animal whose meat the shipped `meat` is (肉羊 for
    羊肉: named with the animal's character last, in the meat's category), else None.

    The animal is read from the table: a shipped product named its character and 肉 (羊肉,
    猪肉). A county with two such products (肉牛 and 奶牛) has none: 牛 says neither.
    """
    table = lexicon()
    product = table.products.get(meat)
    if product is None or len(meat) != 2 or meat[1] != "肉" or meat[0] not in ANIMALS:
        return None
    found = [
        name
        for name in table.county_products
        if table.products[name].category == product.category
        and 2 <= len(stem := name[:-1] if len(name) == 3 and name[-1] in "子儿" else name) <= 3
        and stem[-1] == meat[0]
        and stem not in NOT_ANIMALS
    ]
    return found[0] if len(found) == 1 else None


def claimed_animal(meat: str) -> str | None:
    """The county's product that claimed the animal's own character from the shipped meat
    (肉羊: {aliases: [羊]} takes 羊 from 羊肉), else None: sheep, 活羊 and 羊 are all it."""
    table = lexicon()
    if len(meat) != 2 or meat[1] != "肉" or meat not in table.products:
        return None
    owner = table.term_of.get(meat[0])
    return owner if owner not in (None, meat) and owner in table.county_products else None


def said_as_animal(norm: str, meat: str) -> bool:
    """Whether a text names `meat` by its live animal (羊, 生猪, 活羊, sheep), not as meat
    (羊肉, mutton): no name of the meat said with 肉 or as its English name."""
    table = lexicon()
    product = table.products.get(meat)
    meat_words = {product.en} if product is not None else set()
    return not any(
        "肉" in m.typed or m.typed in meat_words
        for m in table.mentions(norm, "product")
        if m.canonical == meat
    )
