"""Written Cantonese read as Mandarin: 禾叶黄咗点算 → 禾叶黄了怎么办.

Farmers in 粤 and 桂 type Cantonese as they speak it; a county's base is in
Mandarin. A message is read as Cantonese only when it carries one of the
particles or words no Mandarin sentence has (嘅, 咗, 喺, 啲, 边度 ...); then its
Cantonese words become their Mandarin ones, and A唔A asks as A不A. A few southern
characters with one meaning (屙, 窿) are read in every message. Words that are
Mandarin too (系 in 关系, 晒 of 晒田, 食 of 食心虫) stay unless the phrase leaves no doubt.
"""

from __future__ import annotations

import re

# Characters that mark a message as written Cantonese (搵 is how most type 揾; 咁, 嘥,
# 瞓, 揸, 攰, 劏, 乸, 嚿, 冚, 掹 and 孭 are no Mandarin word's; not 噉, which zhconv
# makes 啖), and the phrases that do: 系咪 (is it), a price in 蚊 (几蚊, 十蚊: 蚊 after a
# number is the yuan, never a mosquito's 蚊子 or a gnat's 菌蚊).
_NUMBER = r"[0-9一二两三四五六七八九十百千万半]"
_MOSQUITO = r"(?![子虫香帐蝇叮])"
_MARKERS = re.compile(
    rf"[嘅咗喺嚟啲唔冇佢咩嘢哋嗰睇攞畀揾搵俾啱嘞乜咁嘥瞓揸攰劏乸嚿冚掹孭]|系咪|几多?蚊|{_NUMBER}蚊{_MOSQUITO}"
    # Words no Mandarin sentence has either: 边度收番薯 is 哪里收番薯.
    r"|边度|边个"
)

# Longest first; the regex alternation keeps that order.
_WORDS = {
    "乜嘢": "什么",
    "咩嘢": "什么",
    "系唔系": "是不是",
    "有冇": "有没有",
    "得唔得": "行不行",
    "可唔可以": "可不可以",
    "使唔使": "用不用",
    "点样": "怎样",
    "点解": "为什么",
    "点算": "怎么办",
    "冇人": "没人",
    "冇有": "没有",
    "食咗": "吃了",
    "多谢": "谢谢",
    "点搞": "怎么搞",
    "点治": "怎么治",
    "点医": "怎么医",
    "点防": "怎么防",
    "点救": "怎么救",
    "点计": "怎么算",
    "点卖": "怎么卖",
    "点做": "怎么做",
    "边度": "哪里",
    "边个": "谁",
    "几耐": "多久",
    "几多": "多少",
    "而家": "现在",
    "旧年": "去年",
    "日日": "每天",
    "成日": "整天",
    "屋企": "家里",
    "雪柜": "冰箱",
    "落雨": "下雨",
    "唔该": "谢谢",
    "唔使": "不用",
    "唔识": "不会",
    "唔得": "不行",
    "佢哋": "他们",
    "你哋": "你们",
    "我哋": "我们",
    "呢度": "这里",
    "呢个": "这个",
    "嗰度": "那里",
    "嗰个": "那个",
    "嗰阵": "那时",
    "结数": "结账",
    # --- cantonese4 (issue 12, round 12): farming and rural everyday words.
    # Asking: why, when, how much; 几钱 and 几蚊 are the price, 蚊 after a number yuan.
    "几多蚊": "多少钱",
    "几蚊": "多少钱",
    "几钱": "多少钱",
    "几多日": "多少天",
    "做乜": "为什么",
    "做咩": "为什么",
    "为乜": "为什么",
    "系咪": "是不是",
    "是咪": "是不是",
    "识唔识": "会不会",
    "知唔知": "知不知道",
    "食唔食得": "能不能吃",
    "食得唔得": "能不能吃",
    "啱唔啱": "对不对",
    "唔啱": "不对",
    "啱啱": "刚刚",
    "啱": "合适",
    "呢啲": "这些",
    "嗰啲": "那些",
    "呢排": "最近",
    "呢几日": "这几天",
    "呢两日": "这两天",
    "呢只": "这个",
    "呢种": "这种",
    "呢块": "这块",
    "呢条": "这条",
    "边处": "哪里",
    "几远": "多远",
    "几深": "多深",
    "几高": "多高",
    "几长": "多长",
    "几重": "多重",
    "几密": "多密",
    "几阔": "多宽",
    "咁多": "这么多",
    "咁样": "这样",
    "咁": "这么",
    "乜": "什么",
    # Not: 唔见 (lost), 唔知 (do not know), 唔系 (is not) ...; 唔好 stays (also "not good").
    "唔见": "不见",
    "唔知": "不知道",
    "唔系": "不是",
    "唔明": "不明白",
    "唔会": "不会",
    "唔肯": "不肯",
    # Time.
    "后日": "后天",
    "前日": "前天",
    "今朝": "今天早上",
    "朝早": "早上",
    "头先": "刚才",
    "依家": "现在",
    "宜家": "现在",
    "出年": "明年",
    "个几月": "一个多月",
    "个零月": "一个多月",
    "个几礼拜": "一个多星期",
    "成个月": "整个月",
    "热头": "太阳",
    # Field work: 落 fertiliser, seed, pesticide; 淋 is to water; 斩 to cut.
    "落咗肥": "施了肥",
    "落底肥": "施底肥",
    "落基肥": "施基肥",
    "落尿素": "施尿素",
    "落复合肥": "施复合肥",
    "落钾肥": "施钾肥",
    "落有机肥": "施有机肥",
    "落肥": "施肥",
    "落石灰": "撒石灰",
    "落咗种": "播了种",
    "落种": "播种",
    "落咗药": "施了药",
    "落农药": "施农药",
    "落药": "施药",
    "淋咗水": "浇了水",
    "淋水": "浇水",
    "淋肥": "浇肥",
    "淋粪": "浇粪",
    "淋菜": "浇菜",
    "掹草": "拔草",
    "掹": "拔",
    "泵水": "抽水",
    "孭": "背",
    "斩树": "砍树",
    "斩竹": "砍竹",
    "斩柴": "砍柴",
    "斩枝": "剪枝",
    "执果": "捡果",
    "执蛋": "捡蛋",
    "揸车": "开车",
    "揸住": "拿着",
    "揸": "拿",
    "揾钱": "赚钱",
    "搵钱": "赚钱",
    "揾工": "找工作",
    "搵工": "找工作",
    "搵": "找",
    "嘥": "浪费",
    "劏": "杀",
    # Stock: young (仔), female (乸) and male (公) animals; laying, farrowing, lying down.
    "小鸡仔": "小鸡",
    "小鸭仔": "小鸭",
    "小猪仔": "小猪",
    "鸡仔": "小鸡",
    "鸭仔": "小鸭",
    "鹅仔": "小鹅",
    "牛仔": "小牛",
    "羊仔": "小羊",
    "狗仔": "小狗",
    "鱼仔": "小鱼",
    "鸡乸": "母鸡",
    "鸭乸": "母鸭",
    "鹅乸": "母鹅",
    "牛乸": "母牛",
    "猪乸": "母猪",
    "羊乸": "母羊",
    "狗乸": "母狗",
    "鸡公": "公鸡",
    "鸭公": "公鸭",
    "猪公": "公猪",
    "生仔": "产仔",
    "瞓觉": "睡觉",
    "瞓低": "躺下",
    "瞓": "躺",
    "起唔到身": "起不来",
    "企唔稳": "站不稳",
    "企唔起": "站不起来",
    "唔郁": "不动",
    "唔起身": "起不来",
    "唔生蛋": "不生蛋",
    "冇郁": "不动",
    "攰": "累",
    "周身痕": "全身痒",
    "好痕": "很痒",
    "痕痒": "瘙痒",
    "周身": "全身",
    "成身": "全身",
    "流鼻水": "流鼻涕",
    "焗死": "闷死",
    "翳焗": "闷热",
    "好焗": "闷热",
    "嚿": "块",
    "冚": "盖",
    # 晒 after a sign is "all" (死晒, 黄晒); 晒田 and 晒谷 stay.
    "死晒": "全死了",
    "黄晒": "全黄了",
    "烂晒": "全烂了",
    "枯晒": "全枯了",
    # Places, people, money.
    "田基": "田埂",
    "街市": "市场",
    "趁墟": "赶集",
    "趁圩": "赶集",
    "墟日": "集日",
    "圩日": "集日",
    "事头婆": "老板娘",
    "事头": "老板",
    "老细": "老板",
    "银纸": "钱",
    "散纸": "零钱",
    "铺头": "店",
    "肥料铺": "农资店",
    "农药铺": "农资店",
    "种子铺": "种子店",
    "士多啤梨": "草莓",
    "士多": "小卖部",
    "电单车": "摩托车",
    "冻柜": "冰柜",
    "找数": "结账",
    "返嚟": "回来",
    "嘅": "的",
    "咗": "了",
    "喺": "在",
    "嚟": "来",
    "啲": "些",
    "佢": "他",
    "咩": "什么",
    "嘢": "东西",
    "睇": "看",
    "攞": "拿",
    "揾": "找",
    "畀": "给",
    "俾": "给",
    "仲": "还",
    "嗰": "那",
    "系": "是",
}
_WORD = re.compile("|".join(sorted(_WORDS, key=len, reverse=True)))
# A price in 蚊 is in yuan (十蚊一斤 → 十元一斤; 几蚊 and 几多蚊 are in the table).
_YUAN = re.compile(rf"({_NUMBER}+(?:\.[0-9]+)?)蚊{_MOSQUITO}")
# Any other A唔A asks yes or no (好唔好, 会唔会, 卖唔卖): A不A.
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])唔\1")
# 系 is Mandarin inside a word (关系, 系统, 联系, 体系, 根系, 品系).
_MANDARIN_XI = re.compile(r"[关联体根品派直世水星母父谱]系|系[统列数]")


# Southern characters with one meaning, whatever the rest of the message is in
# (粤, 客家, 湘, 赣, 西南 all say 屙血 for passing blood): read everywhere.
_ALWAYS = str.maketrans({"屙": "拉", "痾": "拉", "窿": "洞"})
# Cantonese words no Mandarin sentence has, read even without a marker: 听日送西红柿 is
# 明天送西红柿, 明天上昼 is 明天上午, 多谢晒 thanks, 话我知 tells me (of an alert).
_EVERYWHERE = {
    "今日": "今天",
    "琴日": "昨天",
    "寻日": "昨天",
    "听日": "明天",
    "听朝": "明天早上",
    "听晚": "明晚",
    "琴晚": "昨晚",
    "寻晚": "昨晚",
    "上昼": "上午",
    "晏昼": "中午",
    "下昼": "下午",
    "多谢晒": "谢谢",
    "唔该晒": "谢谢",
    "话俾我知": "告诉我",
    "话畀我知": "告诉我",
    "话我知": "告诉我",
    "同我讲": "告诉我",
}
_EVERYWHERE_WORD = re.compile("|".join(sorted(_EVERYWHERE, key=len, reverse=True)))
# 后日 is 后天 where a day is expected: before sending, coming or a part of the day
# (后日送, 后日上午), or as the whole answer (后日, 就后日吧); in Mandarin prose 后日 can be
# "days to come" (以备后日), which stays.
_AFTER_DAY = re.compile(
    r"(大?)后日(?=[送拉运交卖收来去过到上下早晚中再先得可行好左前]"
    r"|(?:吧|啦|喇|啊|呀|呢|得唔得|可以吗|行吗|得吗)?[\s,，.。!！?？~]*$)"
)
# A question's "what to do" ending as the south says it (点算, 点搞, 样搞, 咋搞, 咋个搞):
# 烂斑点样搞 asks as 烂斑怎么办. Only at the end, and not where 点 or 样 is another word's
# (3点算, 快点搞, 重点搞, 这样搞, 照样搞 stay); 咋办 and 咋整 are the thesaurus's own words.
_WHAT_TO_DO = re.compile(
    r"(?:(?<![0-9零一二两三四五六七八九十几早晚快慢多少好重有差])(?:点算|点样搞|点搞)"
    r"|(?<![这那怎一照同像模点])样搞|咋个?搞|怎个搞)"
    r"(?=(?:好|先)?(?:呢|啊|呀|吖|嘛|哦|喔|咧|啦)?[\s,，.。!！?？~]*$)"
)
# 食咗饭未 (have you eaten): how a village says hello, 吃饭了吗.
_EATEN = re.compile(r"食(?:咗|了|过)?[早晏晚]?饭(?:未|吗|冇|没|未呀|未啊)(?=[\s,，.。!！?？~]*$)")
# A yes-or-no asked by a final 冇 or 未 (今日落雨冇, 熟未): 没有. 冇 elsewhere stays (冇得 is
# asking's scaffold to search), but for 冇人 and 冇有 in the table.
_FINAL_NOT = re.compile(r"(?<=[\u4e00-\u9fff])[冇未](?=(?:呀|啊|吖)?[\s,，.。!！?？~]*$)")
# 唔 before a verb is 不 (唔卖, 唔收); 唔好 stays ("not good" and "don't"), and 唔 alone
# (the Mandarin "hmm") too.
_NOT = re.compile(r"唔(?=[\u4e00-\u9fff])(?!好)")
# 喇 ends a sentence as 了 (唔卖喇); not 喇叭, 喇嘛.
_LA = re.compile(r"喇(?![叭嘛])")


# Produce as Cantonese names it, read so in written Cantonese or with its price asked the
# Cantonese way (两千斤粟米卖得几多钱): 粟米 is maize in 粤 but millet in the north, so
# 粟米多少钱 stays unread (knowledge/data/synonyms.yaml).
_PRODUCE = {"粟米": "玉米"}
_PRODUCE_WORD = re.compile("|".join(sorted(_PRODUCE, key=len, reverse=True)))
_CANTONESE_PRICE = re.compile(r"几多")


def produce_said(text: str) -> dict[str, str]:
    """The Mandarin products a message names in Cantonese, with the word said (玉米: 粟米)."""
    if not (_MARKERS.search(text) or _CANTONESE_PRICE.search(text)):
        return {}
    return {_PRODUCE[m.group()]: m.group() for m in _PRODUCE_WORD.finditer(text)}


def as_mandarin(text: str) -> str:
    """The text with its Cantonese words in Mandarin, when it is written Cantonese."""
    text = text.translate(_ALWAYS)
    text = _EVERYWHERE_WORD.sub(lambda m: _EVERYWHERE[m.group()], text)
    text = _AFTER_DAY.sub(r"\1后天", text)
    text = _WHAT_TO_DO.sub("怎么办", _EATEN.sub("吃饭了吗", text))
    if _MARKERS.search(text) or _CANTONESE_PRICE.search(text):
        text = _PRODUCE_WORD.sub(lambda m: _PRODUCE[m.group()], text)
    if not _MARKERS.search(text):
        return text
    keep = {m.start() + m.group().index("系") for m in _MANDARIN_XI.finditer(text)}
    text = _WORD.sub(lambda m: m.group() if m.start() in keep else _WORDS[m.group()], text)
    text = _A_NOT_A.sub(r"\1不\1", _YUAN.sub(r"\1元", text))
    text = _FINAL_NOT.sub("没有", text)
    return _LA.sub("了", _NOT.sub("不", text))
