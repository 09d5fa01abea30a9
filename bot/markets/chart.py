"""The 30-day price chart as a PNG a farmer can read on a phone.

matplotlib with the Agg backend (no display), and a CJK font shipped by a PyPI
package (pylopdf-fonts-zh-cn: Noto Sans SC, SIL OFL) registered at chart time,
so Chinese labels never depend on fonts installed on the machine.
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: servers have no display

from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.figure import Figure

from bot.markets.prices import ChartData

# A phone screen: 960x600 pixels, big type.
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 5.0, 120
LABEL_ROOM_DAYS = 3.5
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd")


@cache
def cjk_font_path() -> str:
    """The packaged Noto Sans SC, registered with matplotlib once per process."""
    import pylopdf_fonts_zh_cn

    path = str(pylopdf_fonts_zh_cn.sans_path())
    font_manager.fontManager.addfont(path)
    return path


def cjk_font(size: float | None = None) -> font_manager.FontProperties:
    """Font properties of the packaged CJK font."""
    return font_manager.FontProperties(fname=cjk_font_path(), size=size)


# Month/day, as Chinese readers write it; English replies pass "%d/%m" (format.chart_day).
DAY_FORMAT = "%m/%d"


def draw_chart(data: ChartData, title: str, ylabel: str, day_format: str = DAY_FORMAT) -> Figure:
    """The chart as a matplotlib Figure: one line per market, newest value labelled."""
    font = cjk_font()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    ax = fig.subplots()
    ends: list[tuple[float, float, str]] = []
    for i, series in enumerate(data.series):
        if not series.days:
            continue
        colour = COLOURS[i % len(COLOURS)]
        ax.plot(
            mdates.date2num(list(series.days)),
            series.prices,
            label=series.market,
            color=colour,
            linewidth=2.5,
            marker="o",
            markersize=3.5,
        )
        ends.append((mdates.date2num(series.days[-1]), series.prices[-1], colour))
    _label_ends(ax, ends, font)
    ax.set_title(title, fontproperties=font, fontsize=17)
    ax.set_ylabel(ylabel, fontproperties=font, fontsize=14)
    # Room on the right for the newest values.
    ax.set_xlim(mdates.date2num(data.start), mdates.date2num(data.end) + LABEL_ROOM_DAYS)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(day_format))
    ax.tick_params(labelsize=12)
    ax.grid(True, alpha=0.3)
    if not data.empty:
        ax.legend(prop=cjk_font(13), loc="best", framealpha=0.8)
    return fig


def _label_ends(
    ax: Any, ends: list[tuple[float, float, str]], font: font_manager.FontProperties
) -> None:
    # The newest value of each line, written beside its end; values closer than
    # a label's height are pushed apart so none hides another.
    if not ends:
        return
    low, high = ax.get_ylim()
    gap = (high - low) * 0.05
    placed: list[float] = []
    for x, y, colour in sorted(ends, key=lambda e: e[1]):
        at = max([y, *(p + gap for p in placed)])
        placed.append(at)
        ax.annotate(
            f"{y:.2f}",
            (x, y),
            xytext=(x + 0.4, at),
            textcoords="data",
            color=colour,
            fontproperties=font,
            fontsize=12,
            va="center",
        )


def chart_png(data: ChartData, title: str, ylabel: str, day_format: str = DAY_FORMAT) -> bytes:
    """The chart rendered to PNG bytes (dates on the axis as `day_format` writes them)."""
    buffer = io.BytesIO()
    draw_chart(data, title, ylabel, day_format).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


# Charts are drawn by one worker thread, off the event loop: matplotlib's state
# (font cache, rcParams) is not thread-safe even with the OO API, and drawing is
# CPU-bound under the GIL, so more threads would only make each chart slower.
# A farmer pressing 看走势图 repeatedly is coalesced before it gets here
# (handlers/prices.py), so the queue is one chart per distinct request.
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")


async def render_png(
    data: ChartData, title: str, ylabel: str, day_format: str = DAY_FORMAT
) -> bytes:
    """`chart_png` in the chart worker, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_POOL, chart_png, data, title, ylabel, day_format)
