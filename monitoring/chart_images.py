"""The bar charts of monitoring.charts as PNG images, for documents that
cannot show SVG (the annual report's DOCX): the same data, drawn with Pillow
(already a requirement, for the logos), no charting library.

The image carries no title (the document's caption says it) and the document
gives it the chart's description and figures as its alternative text
(`alt_text`), with the table of the same figures beside it.

Labels are in the reader's language: the font is the first of
`settings.CHART_FONT_FILES` that exists and covers the label's script (a
CJK font for Chinese, Japanese and Korean text, another for the rest); without
one, Pillow's own font draws Latin text (the Docker image installs both).
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .charts import PALETTE, _number, nice_ceiling

# Pixels: drawn at twice the SVG's size, shown 16 cm wide in the document.
WIDTH, HEIGHT = 1280, 680
LEFT, RIGHT, TOP, BOTTOM = 120, 32, 32, 120
BAR_COLOUR = PALETTE[0]
BASELINE_COLOUR = "#8d6e00"
GRID_COLOUR = "#d0d4d9"
INK = "#222222"

# Font files tried, in order (settings.CHART_FONT_FILES overrides).
DEFAULT_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
CJK_FONT_HINTS = ("cjk", "wqy", "zenhei", "gothic", "mincho", "nanum")


def _is_cjk(text: str) -> bool:
    """Has `text` Han, kana or Hangul characters (needing a CJK font)?"""
    return any(
        0x2E80 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF or 0xF900 <= ord(ch) <= 0xFAFF
        for ch in text
    )


def _font_files() -> list[str]:
    files = getattr(settings, "CHART_FONT_FILES", DEFAULT_FONT_FILES)
    return [name for name in files if Path(name).is_file()]


@lru_cache(maxsize=32)
def _font(size: int, cjk: bool, files: tuple[str, ...]):
    from PIL import ImageFont

    chosen = [name for name in files if any(h in name.lower() for h in CJK_FONT_HINTS) == cjk]
    for name in chosen or files:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def font_for(text: str, size: int):
    return _font(size, _is_cjk(text), tuple(_font_files()))


def _text_width(draw, text: str, font) -> float:
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    return right - left


def _fitted(draw, text: str, size: int, room: float) -> tuple[str, object]:
    """`text` in a font small enough for `room` pixels, shortened with an
    ellipsis if even the smallest is too wide."""
    for font_size in range(size, 15, -2):
        font = font_for(text, font_size)
        if _text_width(draw, text, font) <= room:
            return text, font
    font = font_for(text, 16)
    while len(text) > 1 and _text_width(draw, text + "…", font) > room:
        text = text[:-1]
    return text + "…", font


def _dashed_rectangle(draw, box, colour: str, width: int = 4, dash: int = 14) -> None:
    x0, y0, x1, y1 = box
    for start, end, fixed, horizontal in (
        (x0, x1, y0, True),
        (x0, x1, y1, True),
        (y0, y1, x0, False),
        (y0, y1, x1, False),
    ):
        position = start
        while position < end:
            stop = min(position + dash, end)
            if horizontal:
                draw.line([(position, fixed), (stop, fixed)], fill=colour, width=width)
            else:
                draw.line([(fixed, position), (fixed, stop)], fill=colour, width=width)
            position += dash * 1.6


def bar_chart_png(chart: dict) -> bytes:
    """The PNG of a chart from monitoring.charts.bar_chart (its `bars` and
    `y_label`): grid, bars with their values, labels under them; baseline
    bars outlined and dashed and marked "baseline", as on the page."""
    from PIL import Image, ImageDraw

    bars = chart["bars"]
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    top_value = nice_ceiling(float(max((value for _l, value, _b in bars), default=0)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    tick_font = font_for("0123456789", 22)
    for i in range(5):
        y = TOP + plot_h - plot_h * i / 4
        draw.line([(LEFT, y), (WIDTH - RIGHT, y)], fill=GRID_COLOUR, width=2)
        text = _number(Decimal(str(top_value * i / 4)))
        draw.text((LEFT - 12, y), text, fill=INK, font=tick_font, anchor="rm")
    y_label = str(chart.get("y_label") or "")
    if y_label:
        label_font = font_for(y_label, 22)
        size = (int(_text_width(draw, y_label, label_font)) + 8, 32)
        label = Image.new("RGBA", size, (255, 255, 255, 0))
        ImageDraw.Draw(label).text((4, 2), y_label, fill=INK, font=label_font)
        label = label.rotate(90, expand=True)
        image.paste(label, (8, int(TOP + plot_h / 2 - label.size[1] / 2)), label)
    slot = plot_w / max(len(bars), 1)
    width = min(128.0, max(4.0, slot * 0.7))
    step = max(1, math.ceil(len(bars) / 12))
    for index, (label, value, baseline) in enumerate(bars):
        height = plot_h * float(value) / top_value
        x0 = LEFT + slot * index + (slot - width) / 2
        box = (x0, TOP + plot_h - height, x0 + width, TOP + plot_h)
        if baseline:
            _dashed_rectangle(draw, box, BASELINE_COLOUR)
        else:
            draw.rectangle(box, fill=BAR_COLOUR)
        centre = x0 + width / 2
        value_text = _number(value)
        value_font = font_for(value_text, 20 if slot > 60 else 16)
        draw.text((centre, box[1] - 10), value_text, fill=INK, font=value_font, anchor="ms")
        if index % step == 0:
            text, font = _fitted(draw, str(label), 22, slot * step - 8)
            draw.text((centre, TOP + plot_h + 12), text, fill=INK, font=font, anchor="ma")
        if baseline:
            note = _("baseline")
            draw.text(
                (centre, TOP + plot_h + 46),
                note,
                fill=BASELINE_COLOUR,
                font=font_for(note, 18),
                anchor="ma",
            )
    draw.line([(LEFT, TOP + plot_h), (WIDTH - RIGHT, TOP + plot_h)], fill=INK, width=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def alt_text(chart: dict) -> str:
    """The chart in words for a reader who cannot see it: its title, its
    description and every bar's figure."""
    figures = "; ".join(
        f"{label}: {_number(value)}" + (f" ({_('baseline')})" if baseline else "")
        for label, value, baseline in chart["bars"]
    )
    return f"{chart['title']}. {chart['desc']} {figures}."
