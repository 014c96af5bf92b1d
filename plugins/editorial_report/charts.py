"""Charts for the editorial report, drawn as SVG strings at build time. Pure, no JavaScript.

Each chart is an accessible image (role="img", a <title> and a <desc> named by
aria-labelledby, the desc giving every number in words) with an HTML table of the
same numbers beside it, so nothing depends on seeing the picture. Every label is
escaped here. Colours come from TONES, one colour per tone for light pages and
one for dark ones, each at least 4.5:1 against the site's background; the SVG
carries the light colour and `chart_css()` switches to the dark one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

# tone: (light scheme colour, dark scheme colour)
TONES = {
    "primary": ("#0b5cad", "#8ec5ff"),
    "warn": ("#9a4a00", "#fdba74"),
    "bad": ("#b3261e", "#ff9b8f"),
    "neutral": ("#575d66", "#a9afb7"),
}
WIDTH = 440  # user units; the report shows it at most 36rem wide (editorial.html)
FONT = 13
CHAR = 8.0  # a generous average width of a character at FONT, for laying out labels
ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Bar:
    """One bar: `value`, out of `total` when given (drawn as an outline behind the bar)."""

    label: str
    value: int
    total: int | None = None
    tone: str = "primary"


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: the key of its values, its label and tone."""

    key: str
    label: str
    tone: str


@dataclass(frozen=True)
class Column:
    """One column of a stacked chart; `notes` add text to a segment's tooltip."""

    label: str
    values: Mapping[str, int]
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chart:
    """A chart's SVG and the table of its numbers, both ready to put in HTML."""

    id: str
    title: str
    svg: str
    table: str


def e(text: object) -> str:
    """Text escaped for HTML and XML, quotes included."""
    return escape(str(text), quote=True)


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar],
              label_heading: str = "", value_heading: str = "Count") -> Chart:
    """A horizontal bar chart, one row per bar."""
    _check(chart_id, [b.tone for b in bars])
    row, label_w = 30, _label_width([b.label for b in bars])
    top = max((b.total if b.total is not None else b.value) for b in bars) if bars else 0
    plot = WIDTH - label_w - 90
    height = max(row * len(bars), row) + 10
    groups = []
    for i, bar in enumerate(bars):
        y = 5 + i * row
        said = _said(bar)
        parts = [f"<title>{e(bar.label)}: {e(said)}</title>"]
        if bar.total is not None:
            parts.append(_rect(label_w, y + 4, _scale(bar.total, top, plot), 20,
                               "track", bar.tone, outline=True))
        parts.append(_rect(label_w, y + 4, _scale(bar.value, top, plot), 20, "value", bar.tone))
        parts.append(_text(label_w - 8, y + 19, _fit(bar.label, label_w - 8), anchor="end"))
        end = label_w + _scale(bar.total if bar.total is not None else bar.value, top, plot)
        parts.append(_text(end + 6, y + 19, said))
        groups.append(f'<g class="bar">{"".join(parts)}</g>')
    desc = "; ".join(f"{b.label}: {_said(b)}" for b in bars) or "No data."
    svg = _svg(chart_id, title, desc, WIDTH, height, "".join(groups))
    headings = [label_heading, value_heading] + (["Of"] if any(b.total is not None for b in bars)
                                                 else [])
    rows = [[b.label, b.value] + ([b.total if b.total is not None else ""]
                                 if len(headings) == 3 else []) for b in bars]
    return Chart(chart_id, title, svg, _table(title, headings, rows))


def stacked_chart(chart_id: str, title: str, columns: Sequence[Column],
                  series: Sequence[Series], label_heading: str = "") -> Chart:
    """A vertical stacked bar chart: one column per label, one layer per series."""
    _check(chart_id, [s.tone for s in series])
    col, gap, left, legend_h, plot_h = 22, 8, 34, 28, 160
    label_h = int(_label_width([c.label for c in columns]) * 0.8) + 10
    width = max(WIDTH, left + len(columns) * (col + gap) + 20)
    height = legend_h + plot_h + label_h + 10
    top = max((sum(c.values.get(s.key, 0) for s in series) for c in columns), default=0)
    base = legend_h + plot_h
    parts = [_legend(series, left), _axis(left, width, legend_h, base, top)]
    for i, column in enumerate(columns):
        x, y = left + gap + i * (col + gap), base
        total = sum(column.values.get(s.key, 0) for s in series)
        cells = [f"<title>{e(column.label)}: {e(_counts(column, series))}</title>"]
        for s in series:
            value = column.values.get(s.key, 0)
            if value:
                h = _scale(value, top, plot_h)
                y -= h
                note = column.notes.get(s.key)
                tip = f"{column.label}, {s.label}: {value}" + (f" ({note})" if note else "")
                cells.append(_rect(x, y, col, h, "segment", s.tone, title=tip))
        if total:
            cells.append(_text(x + col / 2, y - 4, str(total), anchor="middle"))
        lx, ly = x + col / 2 + 4, base + 12
        cells.append(f'<text x="{lx:g}" y="{ly:g}" text-anchor="end" '
                     f'transform="rotate(-60 {lx:g} {ly:g})">{e(column.label)}</text>')
        groups = "".join(cells)
        parts.append(f'<g class="column">{groups}</g>')
    desc = "; ".join(f"{c.label}: {_counts(c, series)}" for c in columns) or "No data."
    svg = _svg(chart_id, title, desc, width, height, "".join(parts))
    headings = [label_heading, *(s.label for s in series), "Total"]
    rows = [[c.label, *(c.values.get(s.key, 0) for s in series),
             sum(c.values.get(s.key, 0) for s in series)] for c in columns]
    return Chart(chart_id, title, svg, _table(title, headings, rows))


def chart_css() -> str:
    """The report's CSS for chart colours: light by default, dark with the dark scheme."""
    light = "".join(_tone_rules(t, light) for t, (light, _) in TONES.items())
    dark = "".join(_tone_rules(t, dark) for t, (_, dark) in TONES.items())
    return (f".chart-svg text {{ fill: currentColor; }}\n{light}"
            f"@media (prefers-color-scheme: dark) {{\n{dark}}}\n")


def _tone_rules(tone: str, colour: str) -> str:
    return (f".chart-svg .tone-{tone} {{ fill: {colour}; }}\n"
            f".chart-svg .track.tone-{tone} {{ fill: none; stroke: {colour}; }}\n")


def _check(chart_id: str, tones: Sequence[str]) -> None:
    if not ID.match(chart_id):
        raise ValueError(f"chart id {chart_id!r} must be lowercase letters, digits and hyphens")
    for tone in tones:
        if tone not in TONES:
            raise ValueError(f"unknown tone {tone!r}; one of {', '.join(TONES)}")


def _svg(chart_id: str, title: str, desc: str, width: float, height: float, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {width:g} {height:g}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{chart_id}-title">{e(title)}</title>'
        f'<desc id="{chart_id}-desc">{e(desc)}</desc>{body}</svg>'
    )


def _rect(x: float, y: float, w: float, h: float, kind: str, tone: str,
          outline: bool = False, title: str | None = None) -> str:
    colour = TONES[tone][0]
    paint = f'fill="none" stroke="{colour}"' if outline else f'fill="{colour}"'
    inner = f"<title>{e(title)}</title></rect>" if title else "/>"
    end = ">" + inner if title else inner
    return (f'<rect class="{kind} tone-{tone}" x="{x:g}" y="{y:g}" width="{w:g}" '
            f'height="{h:g}" {paint}{end}')


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}">{e(text)}</text>'


def _legend(series: Sequence[Series], left: float) -> str:
    items, x = [], left
    for s in series:
        items.append(_rect(x, 6, 12, 12, "swatch", s.tone) + _text(x + 17, 16, s.label))
        x += 17 + len(s.label) * CHAR + 20
    return f'<g class="legend">{"".join(items)}</g>'


def _axis(left: float, width: float, top: float, base: float, most: int) -> str:
    """The baseline, and the largest value marked on the left."""
    line = (f'<line x1="{left:g}" y1="{base:g}" x2="{width - 10:g}" y2="{base:g}" '
            f'stroke="currentColor"/>')
    return (f'<g class="axis">{line}{_text(left - 6, base + 4, "0", "end")}'
            f'{_text(left - 6, top + 4, str(most), "end") if most else ""}</g>')


def _table(caption: str, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The numbers as a table; focusable, since the site's tables scroll inside themselves."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headings)
    body = "".join(
        "<tr>" + f'<th scope="row">{e(r[0])}</th>'
        + "".join(f"<td>{e(v)}</td>" for v in r[1:]) + "</tr>" for r in rows)
    return (f'<table class="chart-data" tabindex="0"><caption>{e(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _said(bar: Bar) -> str:
    return f"{bar.value} of {bar.total}" if bar.total is not None else str(bar.value)


def _counts(column: Column, series: Sequence[Series]) -> str:
    return ", ".join(f"{column.values.get(s.key, 0)} {s.label}" for s in series)


def _scale(value: int, top: int, length: float) -> float:
    return round(value / top * length, 1) if top else 0


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(label) for label in labels), default=4)
    return min(max(longest * CHAR + 12, 60), WIDTH * 0.4)


def _fit(label: str, width: float) -> str:
    """The label, cut with an ellipsis when it would not fit (the title has it whole)."""
    room = int(width / CHAR)
    return label if len(label) <= room else label[:max(room - 1, 1)] + "…"
