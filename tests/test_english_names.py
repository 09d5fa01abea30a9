"""Names in English replies (knowledge/text/english.py's one romanisation rule): a province
or city said before a name is a word of its own, a province and its city read as English
writes them, and pinyin is written by its own rules (Xi'an, Lüliang, Shaanxi)."""

from __future__ import annotations

import pytest

from knowledge.text.english import leading_places, name_label, romanise


@pytest.mark.parametrize(
    ("name", "english"),
    [
        # A province and its city (a buyer's place): the city first, as in English.
        ("河南郑州", "Zhengzhou, Henan"),
        ("山东寿光", "Shouguang, Shandong"),
        ("黑龙江哈尔滨", "Ha'erbin, Heilongjiang"),
        ("陕西西安", "Xi'an, Shaanxi"),
        ("山西太原", "Taiyuan, Shanxi"),
        # A city and a short name in it: the place, then the city.
        ("北京新发地", "Xinfadi, Beijing"),
        # A market's or a buyer's full name keeps its order, the city a word of its own.
        ("上海江桥批发市场", "Shanghai Jiangqiao Pifashichang"),
        ("北京新发地农产品批发市场", "Beijing Xinfadi Nongchanpin Pifashichang"),
        ("寿光蔬菜合作社收购部", "Shouguang Shucai Hezuoshe Shougoubu"),
        ("郑州粮油贸易公司", "Zhengzhou Liangyou Maoyi Gongsi"),
        # A place's name with its kind stays one word with its kind, as before.
        ("寿光市孙家集街道三元朱村", "Shouguang Shi Sunjiaji Jiedao Sanyuanzhu Cun"),
        ("山东省寿光市", "Shandong Sheng Shouguang Shi"),
        ("金华村", "Jinhua Cun"),
        ("潍坊", "Weifang"),
        ("新发地", "Xinfadi"),
        # Pinyin's own spelling: an apostrophe before a, o, e; ü kept.
        ("西安", "Xi'an"),
        ("吕梁", "Lüliang"),
    ],
)
def test_names_romanised_readably(name: str, english: str) -> None:
    assert romanise(name) == english


def test_the_places_a_name_starts_with() -> None:
    assert leading_places("河南郑州") == (["河南", "郑州"], "")
    assert leading_places("北京新发地") == (["北京"], "新发地")
    assert leading_places("寿光市圣城街道") == ([], "寿光市圣城街道")  # 寿光 with its kind
    assert leading_places("孙家集京东服务站") == ([], "孙家集京东服务站")


def test_an_english_reply_shows_the_place_with_its_english_chinese_unchanged() -> None:
    assert name_label("en", "河南郑州") == "河南郑州 (Zhengzhou, Henan)"
    assert name_label("zh", "河南郑州") == "河南郑州"
