"""Words that shape a farmer's question but do not say what it is about (咋办, 老是, 啷个).

Search weighs them little (SCAFFOLD_WEIGHT in how much of a question an entry
covers, SCAFFOLD_RANK_WEIGHT in the ranking): in a long message they would
otherwise outvote the few words that matter, and a farmer's 咋办 must not make a
clear question look vague. Regional ways of asking are listed by region.
"""

from __future__ import annotations

SCAFFOLD = frozenset(
    "怎么办 咋办 咋整 咋弄 怎么弄 怎么整 怎么回事 咋回事 为什么 为啥 啥原因 什么原因 "
    "怎么 咋 如何 怎样 怎么样 咋样 什么 啥 哪些 哪个 哪里 哪儿 能不能 可不可以 可以 行不行 "
    "有没有 是不是 要不要 需要 应该 老是 总是 一直 经常 最近 现在 今年 去年 还是 但是 而且 "
    "就是 这个 那个 这种 那种 这样 那样 一下 一点 有点 好多 很多 特别 非常 太 都 也 又 还 "
    "我 我家 我们 俺 俺家 咱 你 你们 他 她 它 家里 地里 田里 今天 明天 昨天 "
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
    "多少钱 好多钱 几块钱 几个钱".split()
)
SCAFFOLD_WEIGHT = 0.15
SCAFFOLD_RANK_WEIGHT = 0.3
