"""Small talk: greetings, who-are-you, jokes, weather, thanks, "ok", laughter and noise.

Not a question for the knowledge base nor for the station: the bot answers it
itself (what FarmHub can do, with the menu), never with an entry or a forward.
"""

from __future__ import annotations

import re

from knowledge.text import errands
from knowledge.text.day_words import AFTERNOON, ANY_DAY, MORNING, NOON_WORDS
from knowledge.text.language import knows_english
from knowledge.text.pinyin import is_pinyin

# A letter, digit or Chinese character: a message without one is noise (emoji, ？).
_WORDLIKE_CHARS = re.compile(r"[0-9a-z\u3400-\u9fff]")
# A pictograph (👍 👌 🙏 😀 ❤️ ☺): sent on its own it is a nod or a smile, not noise.
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u3030\u303D]")

# Small talk: not a question for the knowledge base nor for the station. Each
# pattern must match the whole message (after trailing particles and
# punctuation are stripped), so "下雨前能不能打药" stays a farming question.
_CHATTER_TAIL = re.compile(
    r"[\s!！。.?？~～,，、…·:：;；\-—_*#@&%()（）【】\[\]\"'“”‘’呢吗啊呀吧啦嘛哦]+$"
)
# Who might be a person or a machine, in the words farmers ask it (你是机器人不, 是真人吗).
_WHO_IS = r"(请问)?(你|您|这|这个|这边|对面|那边|回我的|跟我聊的|跟我说话的)"
_BEING = r"(机器人|机器|真人|活人|人|ai|人工智能|自动回复|人工|客服)"
_BEING_EN = r"(bot|robot|human|human being|person|real person|machine|ai|automated)"
_NOT = r"(啊|呀)?(不|没|么|不是|是不是)"
# A remark on the weather: when or where, the sky, how very, and the cold or the rain.
_WHEN = (
    r"(今天|今儿个?|今个儿?|明天|这几天|这两天|最近|早上|晚上|夜里|昨天|昨晚|昨儿个?|今年|这会儿?"
    r"|现在|外头|外面|外边|屋里|地里|咱这|俺这|我们这|这边)"
)
_SKY = r"(的)?(天|天儿|天气|这天儿?|这天气)"
_VERY = (
    r"(可|真|贼|老|太|好|挺|忒|怪|死|巨|特别|特|非常|这么|咋这么|怎么这么|真是|实在|又|还|都|也|就"
    r"|开始|越来越|有点儿?|有些|嘎嘎|齁|还挺)"
)
_TEMP = r"(冷|热|凉|闷|闷热|晒|冻人|冻手|暖和|凉快|冷飕飕|嘎嘎冷|嗷嗷冷|齁冷)"
_EVENT = (
    r"(下雨|下雪|刮风|刮大风|起风|下大雨|下大雪|下小雨|下霜|降温|升温|变天|出太阳|晴天|阴天|打雷"
    r"|下冰雹|起雾)"
)
_STATE = rf"({_TEMP}|{_EVENT}|燥|干燥|旱|干旱|潮|湿|风大|大风|晴|阴)"
_INTENSE = r"(死|得很|得慌|得要命|得邪乎|得够呛|得不行|死人|邪乎|够呛|要命|透)"
_SO = rf"({_INTENSE}|了|啦|的|呐|啊|呀|哇|坏了)"
# A praise word asked about (好用吗, 靠谱不, 管用没): a question, not praise.
_ASKED = re.compile(r"(吗|么|嘛|不|没|没有|[?？])[\s!！。.~～]*$|^(is|are|does|do)\b")
# Who is praised: the bot, its makers, the service (你们, 农事通, 这个软件); not 这个 alone,
# which may be a pest (这个虫好厉害 names it; 这个好厉害 is left to the base).
_PRAISED = (
    r"(你|您|你们|您们|农事通|farmhub|这个机器人|机器人|这个软件|这软件|这个程序|这程序|小助手|助手"
    r"|这个东西|这东西|这玩意儿?)(真的|是|也)?"
)

CHATTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        # Is this a person? Answered honestly, with how to reach one (the station).
        "robot",
        re.compile(
            rf"^{_WHO_IS}?(到底)?(是|是不是|系唔系)(一个|个)?(真的|真)?{_BEING}(还是{_BEING})?{_NOT}?$"
            rf"|^(真人|活人|机器人|ai|人工智能|自动回复)(还是{_BEING})?{_NOT}?$"
            r"|^((are|r) (you|u)|is (this|it|that)|am i (talking|chatting|speaking) (to|with))"
            rf" (a |an )?(real )?{_BEING_EN}( or (a |an )?(real )?{_BEING_EN})?$"
            rf"|^{_BEING_EN} or {_BEING_EN}$|^(are|r) (you|u) real$"
        ),
    ),
    (
        "who",
        re.compile(
            r"^(请问)?(你|您)(到底)?(是|叫)(谁|什么|啥|哪个|哪位)(东西|名字|人)?$"
            r"|^(你|您)(能|会|可以)(干|做|帮我?(干|做)?)(啥|什么|些什么|点啥)$"
            r"|^(你有什么用|你几岁了?|你多大了?|你在哪|你是男是女)$"
            r"|^(who are you|what can you do)$"
        ),
    ),
    (
        # "What are you up to?" in the regions' words (干啥呢, 搞么子, 弄啥嘞, 嘎哈呢, 忙啥呢):
        # idle talk, no question.
        "idle",
        re.compile(
            r"^(你|您|你们)?(在|这会儿?|现在)?(干啥|干嘛|干么|干什么|搞么子|搞么|搞啥子?|搞什么|弄啥"
            r"|做么子|做啥子?|做什么|干哈|嘎哈|嘎啥|整啥|整哈|忙啥|忙什么|忙么子|忙啥子|忙着|忙不忙"
            r"|忙不|忙没|闲着|闲着没|干啥玩意儿?|嘎哈玩意儿?)(呢|嘞|咧|哩|勒|呐|捏|啊|了|没|你|您)*$"
            r"|^(what are you (doing|up to)|what'?s up|sup|wh?at'?s going on|are you busy)$"
        ),
    ),
    (
        # Asking how to use the bot: answered with the help itself.
        "help",
        re.compile(
            r"^(帮助|使用帮助|使用说明|说明书?|怎么用|咋用|怎么使用|咋个用|菜单|主菜单|功能|有啥功能"
            r"|有什么功能|help|help me|menu|how (do i|to) use (this|it|you)|what can i (do|ask))$"
            # An older farmer stuck: 我不会用, 咋用这个, 不会弄, 这个咋弄 (the bot, not a crop).
            r"|^(我|俺|我们)?(不会|不晓得|不知道|搞不懂|弄不来|整不明白)(咋|怎么|怎样)?(用|弄|整|搞|操作|玩)"
            r"(这个|这东西|这玩意儿?|手机)?$"
            r"|^(这个|这东西|这玩意儿?)?(咋|怎么|怎样|咋个|啷个)(用|操作|玩)(这个|这东西|这玩意儿?)?$"
        ),
    ),
    (
        "joke",
        re.compile(
            r"^(给我|给俺|跟我|你)?(讲|说|来|唱)(个|一个|段|一段|首|一首)?"
            r"(笑话|段子|故事|歌|儿歌)(听听?)?$"
            r"|^(tell me a joke|sing a song)$"
        ),
    ),
    (
        # Asked to chat, not for a joke: "happy to", not "jokes are not my strong point".
        "chat",
        re.compile(
            r"^(陪我|跟我|和我)?(聊聊?天|聊会儿?|唠嗑|唠唠)$"
            # 谝闲传, 谝一会 (甘肃, 陕西: chat; Gansu blind test, offered to the station).
            r"|^(来|咱|咱们|我们|陪我|跟我|和我)?(谝|谝谝|谝一谝)(闲传|传|一会儿?|一阵|会儿?|一下)?$"
            r"|^(let'?s chat|let'?s talk|chat with me)$"
        ),
    ),
    (
        "weather",
        re.compile(
            r"^((今天|明天|后天|今儿|明儿|这几天|最近|周末|下午|晚上|早上)"
            r"(我们|咱们|俺们|咱)?(这|这儿|这里|这边)?(的)?)?"
            r"(天气|天气预报)(预报)?(怎么样|咋样|如何|好不好|怎样|啥样|多少度)?$"
            r"|^(今天|明天|后天|今儿|明儿|这几天|周末|下午|晚上)?"
            r"(我们|咱们|俺们|咱)?(这|这儿|这里|这边)?"
            r"(下不下|会不会|会下|有没有|有)(雨|雪|大雨|小雨|雪)$"
            # 明天下雨不, 今晚会下雪吗, 明儿下不下雨
            r"|^(今天|明天|后天|今儿|明儿|这几天|周末|下午|晚上|今晚|明早)?"
            r"(我们|咱们|俺们|咱)?(这|这儿|这里|这边)?(会不会|会|要|还)?(下不下|下)"
            r"(雨|雪|大雨|小雨|暴雨|冰雹)(不|吗|么|没|没有|嘛|不下)?$"
            r"|^(will it|is it going to) (rain|snow)( (today|tomorrow|tonight))?$"
            r"|^(今天|明天|后天)?(多少|几)度$"
            r"|^(how is|how'?s|what is|what'?s|what will) the weather( (be|like|today|tomorrow"
            r"|tonight|forecast))*$|^weather( forecast)?( (today|tomorrow|tonight))?$"
        ),
    ),
    (
        # A remark on the weather with no question (今天贼冷, 又下雨了, 这天儿冷得邪乎): a friendly
        # word back. 天冷了羊咋喂, 下雨了还能打药不 ask something: they are no match.
        "weather_talk",
        re.compile(
            rf"^{_WHEN}*{_SKY}{_VERY}*({_STATE}|好|不好|不错|真好|晴了|阴了){_SO}*$"
            rf"|^{_WHEN}+{_VERY}*{_STATE}{_SO}*$"
            rf"|^{_VERY}+{_TEMP}{_SO}*$"
            rf"|^{_TEMP}{_INTENSE}+(了|啦)*$"
            rf"|^(又|还|一直|开始|老是|总是|天天|又开始|{_WHEN})*(在)?{_EVENT}(了|啦|呐)*$"
            r"|^((it'?s|its|it is|the weather is|so|very|really|too|damn|pretty|quite|getting"
            r"|still)( |$))+(cold|hot|warm|windy|rainy|snowy|freezing|chilly|humid|wet|dry|sunny"
            r"|cloudy)( (today|out|outside|out there|here|again|now|this morning|tonight))*$"
            r"|^(cold|hot|freezing|chilly|windy) (today|outside|out there|again)$"
            r"|^(it'?s|its|it is)( still)? (raining|snowing|pouring|hailing)"
            r"( (again|today|now|hard|outside))*$"
            r"|^((what a|such a) )?(nice|lovely|bad|terrible|cold|hot|rainy|beautiful) "
            r"(day|weather)( today)?$"
        ),
    ),
    (
        # A bare "what do I do?" with nothing about what happened: after a forward it
        # adds to that question; otherwise the farmer is asked to say what and where.
        "vague",
        re.compile(
            r"^(这|那|这个|那个|这下|现在)?(可|该|要)?(咋办|怎么办|咋个办|咋个整|咋整|咋弄|怎么弄|怎么整"
            r"|啷个办|啷个整|咋搞|怎么搞|咋回事|怎么回事|咋个回事|为啥|为什么|啥原因|什么原因"
            r"|是啥病|是什么病|啥病|咋治|怎么治|救命|急|急死了?)$"
            r"|^(what (should|do|can) i do|what now|why|what is (this|it|wrong)|what'?s wrong"
            r"|what happened)$"
        ),
    ),
    (
        # "No thanks" to an offer (forward to the station, send a photo): acknowledged and
        # left, never a question of its own nor more of a forwarded one.
        "decline",
        re.compile(
            r"^(不用|不用了|不用啦|先不用了?|暂时不用了?|不用转了?|不用了?[,，\s]*谢谢(你|您|啦)?|谢谢[,，\s]*不用了?|不要了?|不了"
            r"|没事了?|没事儿了?|不问了|不转了|不需要了?|没有了|没了|no thanks|no,? thank you|nope"
            r"|never ?mind|not now|no need)$"
        ),
    ),
    (
        # A day alone (明天, 后天下午, "tomorrow"), outside any booking step: not a question for
        # the base nor the station (sandbox walk: 明天 was 答不上来, then forwarded as it was).
        # Asked what is wanted on that day, with the booking at hand.
        "day",
        re.compile(
            rf"^(那|那就|就)?({ANY_DAY})(的)?\s*({MORNING}|{AFTERNOON}|{NOON_WORDS}|晚上)?"
            r"(\d{1,2}|[一二两三四五六七八九十]{1,3})?(点钟?|点半|:\d\d)?(吧|行吗|行不|可以吗)?$"
            rf"|^({MORNING}|{AFTERNOON}|{NOON_WORDS})$"
        ),
    ),
    (
        # Annoyed, fed up (颇烦得很, 心里颇烦, 烦死了: 甘肃 颇烦 is 烦; Gansu blind test, offered
        # to the station): a kind word and the menu. 提醒烦死了咋关 asks: it is no match.
        "annoyed",
        re.compile(
            rf"^(唉|哎|哎呀|唉呀)?[,，\s]*(我|俺|我们|俺们)?(心里|心头|最近|这两天|今天)?{_VERY}*"
            r"(颇烦|烦|心烦|烦心|烦躁|烦人|闹心|窝火|不顺心|愁|发愁|愁人|愁死了?)"
            r"(得很|得要命|得不行|死了|死人|透了|了|啦)*$"
            r"|^(so |really |very )?(annoyed|fed up|frustrated|upset)( today)?$"
        ),
    ),
    (
        "bye",
        re.compile(r"^(再见|拜拜|拜|回头见|晚安|下次再聊|走了|bye|good ?bye|good night)$"),
    ),
    (
        # Praise (你们好厉害哦, 真能干, 这个软件好用, 霸道, "you're great", "good bot"): thanked
        # back with what FarmHub does, never forwarded (湘西 blind test: 答不上来 and a forward).
        "praise",
        re.compile(
            # 板扎, 巴适, 安逸 (云南, 贵州, 四川), 得劲 (河南, 东北): 云南 blind test, 板扎 after a
            # forward was joined to the question. A thanks may follow (板扎，谢谢).
            rf"^(?:{_PRAISED})?{_VERY}*(厉害|能干|聪明|了不起|牛|牛逼|牛批|好用|管用|巴适|霸道"
            r"|给力|靠谱|不错|棒|赞|优秀|好使|顶呱呱|板扎|安逸|得劲|巴巴适适|巴适得板|好得很"
            # 攒劲 (甘肃, 宁夏, 陕西: great; Gansu blind test, offered to the station).
            r"|攒劲)"
            r"(了|啦|的|得很|得板|惨了|死了|极了|呢|哈)*"
            r"([,，\s]*(谢谢|谢了|多谢|感谢|难为)(你|您|你们|了|啦|哈)*)?$"
            r"|^(点赞|点个赞|给你点赞|给你们点赞|赞一个|夸夸你|夸你|佩服|服了|服气|真服了|高手|好样的)$"
            r"|^((you|you'?re|you are|this is|this bot is|that'?s|that is|what an?) )?"
            r"(so |really |very |pretty |such an? )?(great|awesome|amazing|clever|smart|helpful"
            r"|brilliant|useful|cool|impressive|wonderful|excellent|fantastic"
            r"|good bot|great bot|nice bot)"
            r"( bot| app| one| job| work| help)?$"
            r"|^(good|great|nice) (job|work|bot|one)$|^well done$|^you rock$"
        ),
    ),
    (
        "laugh",
        re.compile(
            r"^(哈|呵|嘿|嘻|嘎|咯|h)\1{1,}$|^(6{2,}|hh+|lol|haha(ha)*|hehe|牛|厉害|棒|好玩|有意思|搞笑)$"
        ),
    ),
    (
        "ok",
        re.compile(
            r"^(好|好的|好滴|好嘞|好咧|好吧|嗯|嗯嗯|嗯呐|嗯哪|哦|哦哦|噢|行|行吧|中|中嘞|成|妥|妥了"
            r"|可以|可以的|没问题|得嘞|要得|晓得|ok|okay|收到|明白|懂了|对|对的|是的?|是滴"
            # 么麻达, 没麻达 (西北: no problem; Gansu blind test, a voice note after it was joined
            # to it as a question).
            r"|(么|没|没有|莫|没得|莫得|么啥|没啥|没什么)(大)?(麻达|麻搭)"
            r"|yes|yeah|no|got it|understood|fine|sure|alright|all right|noted)$"
        ),
    ),
)


def chatter_topic(norm: str, has_product: bool, raw: str = "") -> str | None:
    """The kind of small talk a normalised message is, or None for a real request.

    `raw`: the message as sent, whose emoji normalising dropped (👍 alone is "emoji").
    """
    core = _CHATTER_TAIL.sub("", norm)
    if not _WORDLIKE_CHARS.search(core):
        # Emoji alone (dropped by normalise) nod or smile; punctuation alone is noise.
        return "emoji" if _EMOJI.search(raw) else "noise"
    if has_product:
        return None
    if core.isdigit():
        return "noise"  # 1, 2, 666: a stray key, not a question
    for topic, pattern in CHATTER:
        if pattern.search(core):
            if topic == "praise" and _ASKED.search(norm):
                return None  # 好用吗, 靠谱不: asked, not praise
            return topic
    if len(core) == 1:
        return "noise"  # 啊, 在 (after its particles went): not a question; 中, 急 are
    if errands.mashed(core) or _gibberish(core):
        return "noise"  # asdfgh, qwerty, asdkjh qwe: a hand on the keyboard, not a question
    return None


def _gibberish(core: str) -> bool:
    """Latin letters that are neither English nor pinyin (asdkjh qwe, xkcd blorp): noise, not
    a question for the station (sandbox walk: 要转吗？)."""
    words = core.lower().split()
    if not words or not all(re.fullmatch(r"[a-z]+", w) for w in words) or is_pinyin(core):
        return False
    return not any(knows_english(w) for w in words)


# "That did not help", said right after a knowledge answer or the entries offered (这个问题
# 还是不行, 没用, 还是不懂, 不对, 说的不对, 不是这个, 试过了没效果, 都不是; that didn't help, not
# what I asked, still not working, none of these): the farmer needs a person, not a new search
# (handlers/not_helped.py). Only at the start of the message, as whole words: 叶子颜色不对怎么办
# and 没用过这个药 are questions. What follows (试过了，打了药还是黄) is the farmer's detail.
_NOT_HELPED_LEAD = (
    r"^(?:唉|哎|哎呀|可是|但是|但|可|嗯|额|呃)?[,\s]*(?:我|俺|我们|俺们)?(?:你|您|你们)?"
    r"(?:说的|说得|讲的|回答的|答的|给的|发的)?"
    r"(?:这个问题|这问题|这个办法|这办法|这个方法|这方法|这个答案|这答案|这些|这个|这|答案|办法|方法)?"
    r"(?:我|俺)?"
)
_NOT_HELPED_SAID = (
    r"(?:还是|也|都|根本|完全|一点都|一点也|好像|压根|一个都|全都)?"
    r"(?:不行|没用|没有用|不管用|没啥用|没什么用|没效果|没有效果|不见效|没见效|没解决|没有解决|解决不了"
    # The south-west's and the south's (云南 blind test: 莫得用 was searched as a new question).
    r"|莫得用|没得用|莫得啥用|没得啥用|莫得效果|没得效果|冇用|冇效|冇效果|没球用|莫球用|没卵用|不顶用"
    r"|不得行|莫得行|不中用|不好使"
    r"|不懂|没懂|看不懂|没看懂|不明白|没明白|听不懂|不对|不是这个(?:问题|意思|病)?|不是我问的"
    r"|不是我(?:要|想)问的|不是我要的|答非所问|没帮上|没帮助|没有帮助|帮不上|不是|不沾边|对不上)"
)
# Tried already (试过了, 照做了): the farmer says it, whatever follows (试过了打了药还是黄).
_NOT_HELPED_TRIED = (
    r"(?:已经|早就|早)?"
    r"(?:都试过了|试过了|试了也|照做了|照着做了|按你说的做了|按您说的做了|用过了|打过了)"
)
_NOT_HELPED_END = r"(?:了|啊|呀|嘛|啦|的|哦|呢|吧)*(?:$|[,。.!！?？~～、;\s])"
_NOT_HELPED_EN = (
    r"^(?:no|nope|hmm|well|sorry|but|oh)?[,\s]*"
    r"(?:(?:that|this|it|the answer|your answer|these|those)(?:'s| is| was| are)?\s*)?"
    r"(?:(?:did ?n'?t|does ?n'?t|did not|does not|do not|don'?t)"
    r" (?:help|work|answer (?:my|the) question)"
    r"|(?:still )?(?:not|no) (?:helpful|help|use|good|right|it|working|what i (?:asked|meant|wanted"
    r"|need|needed))"
    r"|still (?:not|doesn'?t|does not|didn'?t|did not|isn'?t|is not) (?:working|helping|work|help"
    r"|fixed|better|right)"
    r"|wrong(?: answer)?|useless|none of (?:these|them|those|the above)|neither"
    r"|(?:i )?(?:already )?tried (?:that|it|this|them|all of (?:it|them))"
    r"|(?:i )?still (?:don'?t|do not) (?:get it|understand)|(?:i )?(?:don'?t|do not) understand)"
    r"(?:$|[,.!?;:]|\s+(?:at all|either|still|though|anyway)\b)"
)
_NOT_HELPED = re.compile(
    rf"{_NOT_HELPED_LEAD}(?:{_NOT_HELPED_SAID}{_NOT_HELPED_END}|{_NOT_HELPED_TRIED})"
    rf"|{_NOT_HELPED_EN}"
)


def says_not_helped(norm: str) -> bool:
    """Whether a normalised message opens by saying the answer just given did not help (还是
    不行, 没用, 不对, 试过了没效果, 都不是, that didn't help, none of these)."""
    return bool(_NOT_HELPED.search(norm.strip()))
