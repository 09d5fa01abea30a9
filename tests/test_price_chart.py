"""The 30-day chart: a real PNG of the right size, the right series, Chinese labels without tofu."""

from __future__ import annotations

import struct
import warnings
from datetime import date, timedelta

from matplotlib import dates as mdates

from bot.core.i18n import t
from bot.markets.chart import DPI, HEIGHT_IN, WIDTH_IN, chart_png, cjk_font_path, draw_chart
from bot.markets.prices import ChartData, Series

END = date(2026, 11, 28)
START = END - timedelta(days=29)


def _chart() -> ChartData:
    days = tuple(START + timedelta(days=i) for i in range(30))
    beijing = tuple(round(2.0 + 0.03 * i, 2) for i in range(30))
    # Shanghai skipped a few days: gaps stay gaps.
    sh_days = tuple(d for i, d in enumerate(days) if i % 7 != 3)
    shanghai = tuple(round(2.4 - 0.01 * i, 2) for i in range(len(sh_days)))
    return ChartData(
        "西红柿",
        "斤",
        START,
        END,
        (Series(1, "新发地", days, beijing), Series(2, "江桥", sh_days, shanghai)),
    )


def test_png_signature_and_phone_size() -> None:
    png = chart_png(_chart(), "西红柿 近30天批发价", "元/斤")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))
    assert len(png) > 10_000  # a drawn chart, not an empty canvas


def test_lines_are_the_data() -> None:
    data = _chart()
    fig = draw_chart(data, "西红柿 近30天批发价", "元/斤")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["新发地", "江桥"]
    for line, series in zip(lines, data.series, strict=True):
        assert list(line.get_xdata()) == list(mdates.date2num(list(series.days)))
        assert list(line.get_ydata()) == list(series.prices)
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["新发地", "江桥"]


def test_chinese_labels_have_every_glyph() -> None:
    # matplotlib warns "Glyph ... missing from font(s)" for characters it
    # cannot draw: any warning fails the test.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart_png(_chart(), "西红柿 近30天批发价（元/斤）", "元/斤")
    assert cjk_font_path().endswith(".otf")


def test_empty_chart_still_renders() -> None:
    empty = ChartData("西红柿", "公斤", START, END, (Series(1, "新发地", (), ()),))
    assert empty.empty
    assert chart_png(empty, "西红柿", "元/公斤")[:4] == b"\x89PNG"


def test_the_date_axis_in_each_languages_order() -> None:
    # English dates are day/month everywhere else in the replies; so is the chart's axis.
    for lang, expected in (("zh", "%m/%d"), ("en", "%d/%m")):
        fig = draw_chart(_chart(), "title", "yuan/jin", t(lang, "format.chart_day"))
        assert fig.axes[0].xaxis.get_major_formatter().fmt == expected
