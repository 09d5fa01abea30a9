"""Words that shape a farmer's question but do not say what it is about (咋办, 老是, 啷个).

Search weighs them little (SCAFFOLD_WEIGHT in how much of a question an entry
covers, SCAFFOLD_RANK_WEIGHT in the ranking): in a long message they would
otherwise outvote the few words that matter, and a farmer's 咋办 must not make a
clear question look vague. Regional ways of asking are listed by region.
"""

from __future__ import annotations

import re

# 什么 in the regions' words (湘 么子 么事, 西南 啥子 哪样, 晋 甚, 粤 咩 乜嘢, 吴 啥个), all of
# them scaffold too: readers of a short ask (今天有么子事) take "what" from here.
WHAT_WORDS = (
    "什么",
    "啥子",
    "啥",
    "么子",
    "么事",
    "甚",
    "哪样",
    "乜嘢",
    "乜",
    "咩",
    "啥个",
    "啥物",
)
WHAT = "(?:" + "|".join(WHAT_WORDS) + ")"

SCAFFOLD = frozenset(
    "怎么办 咋办 咋整 咋弄 怎么弄 怎么整 怎么回事 咋回事 为什么 为啥 啥原因 什么原因 "
    "怎么 咋 如何 怎样 怎么样 咋样 什么 啥 哪些 哪个 哪里 哪儿 能不能 可不可以 可以 行不行 "
    "有没有 是不是 要不要 需要 应该 老是 总是 一直 经常 最近 现在 今年 去年 还是 但是 而且 "
    "就是 这个 那个 这种 那种 这样 那样 一下 一点 有点 好多 很多 特别 非常 太 都 也 又 还 "
    "我 我家 我们 俺 俺家 咱 你 你们 他 她 它 家里 地里 田里 今天 明天 昨天 里 "
    "咋治 咋防 咋处理 怎么处理 咋解决 怎么解决 有啥办法 啥办法 什么办法 咋搞 怎么搞 "
    # Regional ways of asking (西南, 西北, 东北, 湖湘): the same scaffold.
    "咋个 啷个 啥子 么子 做么子 搞么子 哪样 阿么 咋子 咋样子 咋弄哩 咋整哩 多会儿 几时 "
    "为啥子 干啥子 整啥子 怎个 么样 冇 晓得 不晓得 咋办哩 哩 嘞 噻 撒 屋头 屋里 俺们 咱们 "
    # 东北
    "整 弄 嘎哈 干哈 整啥 咋地 咋的 贼 贼拉 老鼻子 稀罕 啥玩意 忒 咋整啊 "
    # 西北
    "尕 娃娃 嫑 阿哒 咋么 阿么个 阿么办 阿么弄 "
    # 西南官话
    "莫得 巴适 要得 遭 咋个办 啷个办 咋个整 啷个整 哪门 晓不得 得行 安逸 办 搞 "
    # 湘赣鄂
    "何解 冇得 冇有 伢 伢子 细伢子 么样搞 么得 么事 搞么事 哪么 "
    # 粤, 闽, 客家 influenced Mandarin
    "点样 做乜 系唔系 乜嘢 乜 咩 点解 点算 点搞 几多 边度 唔 嘅 啲 佢 咗 係 得唔得 按怎 啥物 样般 "
    # 中原, 山东
    "中不中 恁 恁家 咋着 咋着哩 得劲 不得劲 弄啥 弄啥嘞 咋弄嘞 咋恁 杠赛 木有 "
    # 江淮官话 (苏北, 安徽), 吴语 (上海郊区, 苏南, 浙江); not 哪能, "where can" in the north
    "哪亨 哪哼 啥辰光 几辰光 辰光 覅 勿 弗 呒没 侬 阿拉 伊 交关 邪气 好伐 伐 唦 阿是 阿有 "
    "阿好 啥物事 啥个 几钿 怎搞 怎弄 么斯 可有 可管 管不管 哪块 "
    # 晋语, 陕北, 内蒙西部 (甚 = 什么, 闹 = 弄)
    "甚 做甚 干甚 为甚 闹甚 甚会儿 甚时候 咋闹 闹 咋介 "
    # 云南, 贵州 (咯 asks: 咯有 = 有没有)
    "咯是 咯有 咯能 咯行 咯要 噶 做哪样 干哪样 为哪样 哪点 哪阵 "
    # 广西 (桂柳), 海南 Mandarin
    "得不得 做么 有冇 "
    # 胶辽 (胶东), and 东北 ways of asking when
    "干么 多咱 多暂 啥前儿 "
    # How much, asked of anything (尿素多少钱, 寄快递多少钱): the frame, not the topic.
    "多少钱 好多钱 几块钱 几个钱 "
    # --- fillers (issue 12): not the single characters 好, 想, 听, 事, 哪, 谁, 求, 愁, 惨, 豁,
    # which cost 2.2 points of offered when left out one base at a time (docs/benchmarks.md).
    # Pronouns: 客家 我 typed 涯 (𠊎 itself is no word character, 偃 a stop word); 吴 伲
    # (我们), 吾, 倷 (你), 伊拉 (他们), 厢 of 屋里厢 (家里); 闽 阮 (我, 我们), 汝 (你); 粤
    # 我哋 and 佢哋 are read as 我们 and 他们; 北方 咱家; 您们; who (谁, 哪位). Not 渠 (他
    # in 赣, 客家): a ditch; not 窝 or 偶 (我 typed by the young): a litter, 偶蹄.
    "涯 伲 吾 倷 伊拉 厢 阮 汝 咱家 您们 哪位 "
    # Southern particles and negations: 粤 喇 啩 啫 喎 (read as 㖞), 闽 呣, 客家 毋 (不),
    # 湘赣 莫 (没, 别), 啵 哒 嗒 啰 嗷, 西南 嗦; 东北 嘎, 呐; 喏; 西北 兀 (那: 兀个); young
    # farmers' 吖 and 涅 (呢); 个 of 么个, 兀个, 问个事. Not 冒 (湘赣 没: 冒得, 还冒到): 冒芽
    # and 冒水 are cut 冒|芽, 冒|水, where 冒 tells the sign; not 勒 of 勒个 (a wire 勒 into a
    # trunk); not 不 of 不咯 and 不哦 (不吃食, 不结果).
    "喇 啩 啫 㖞 呣 毋 莫 啵 哒 嗒 啰 嗦 嗷 嘎 呐 喏 兀 吖 涅 个 "
    # Openings, forms of address and pleas (同志, 领导, 老师好, 有人吗, 急急急 cut as 急急|急,
    # 求大神). Not 在线 of 在线等 (在线申请), not 老板 (the buyer), not 喂 (feed), not 下 of
    # 麻烦问下 (下种, 下崽).
    "同志 领导 有人 老乡 老师傅 师父 大爷 大叔 阿姨 叔叔 美女 帅哥 小哥 大神 大佬 "
    "跪求 求解 求救 救命 急急 着急 急死了 急死人 急用 火急 十万火急 万分 "
    # Story fillers (听说, 隔壁老李说, 我寻思, 感觉是, 怀疑, 想问, 问个事儿). 隔壁 and 邻居
    # also tell of herbicide drift, which a lead reads from the text. Not 老王 (an old
    # queen bee), not 结果 (bearing fruit), not 人 of 听人说 (人畜共患).
    "听说 据说 隔壁 邻居 老李 老张 说实话 不瞒你说 寻思 觉得 感觉 怀疑 事儿 "
    # Interjections (妈呀, 哦豁 cut as 哦|豁, 哎哟, 崩溃了, 真倒霉). Not 天 of 天哪 (隔7天),
    # 死 of 愁死了, 糟 of 糟了 (树皮糟了), 妈 of 我滴妈.
    "妈呀 哎哟 唉呀 啧啧 呜呜 嗐 哇塞 崩溃 郁闷 糟糕 倒霉 "
    # When, in a story, not in a timing question (前两天, 这阵子, 这段时间 cut as 这|段时间,
    # 这一阵 as 这|一阵, 当时, 后来, 平时). Not 几天 and 两天 (隔两天打一次), 时候 (什么时候),
    # 一大早 (when to spray), 好久 (西南 多久).
    "前两天 这阵子 那阵子 段时间 前段时间 近来 刚刚 后来 当时 那时 那会儿 这会儿 一阵 "
    "上次 目前 如今 眼下 当下 平时 老早 早就 ".split()
) | frozenset(WHAT_WORDS)
# Words that ask what a described sign is or comes from (么子原因 cut as 么子|原因, 是啥病,
# 咋回事 cut as 咋|回事, 不吃东西): with them the sign is still all that is asked, so a sign with
# several causes is still one the farmer must choose among (柑子树叶子黄了么子原因).
ASKING_ABOUT_A_SIGN = frozenset(
    "原因 病因 缘故 回事 毛病 病 东西 情况 症状 啥病 什么病 么子病 哪样病 啥毛病 什么毛病".split()
)
SCAFFOLD_WEIGHT = 0.15
SCAFFOLD_RANK_WEIGHT = 0.3


# A question word inside a verb phrase: 上啥肥, 打什么药, 用哪样药, 泡么个药 (赣, 客家),
# 打咩药 (粤).
_INNER_QUESTION = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:啥子|什么|么子|么个|哪样|哪种|啥|咩)(?=[\u4e00-\u9fff])"
)


def squeezed(norm: str) -> str:
    """The text, plus its verb phrases without the question word inside (上啥肥 → 上肥)."""
    inner = _INNER_QUESTION.sub("", norm)
    return norm if inner == norm else f"{norm} {inner}"
