"""The report's small plots, drawn as inline SVG (no script, no remote asset): the posterior of
the top genes, the proband's QC figures against their expected ranges, and the record
accounting as a funnel. Each plot carries a <title> and a text description for screen readers,
and scales to the page (viewBox, no fixed size)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

BAR = "#0969da"
MUTED = "#57606a"
RANGE = "#bfe3c8"
ALERT = "#cf222e"


def probability(value: float, decimals: int = 2) -> str:
    """A probability (0-1) to ``decimals`` places, except that one above 0 that would round to 0
    reads '< 0.01' (for 2 places): a reader takes '0.00' for 'ruled out'. The report's tables and its
    posterior chart both show probabilities this way."""
    step = 10.0 ** -decimals
    if 0 < value < step / 2:
        return f"< {step:.{decimals}f}"
    return f"{value:.{decimals}f}"


def _svg(width: int, height: int, title: str, description: str, body: list[str], css_class: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="plot {css_class}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-labelledby="{css_class}-title {css_class}-desc">'
            f'<title id="{css_class}-title">{escape(title)}</title>'
            f'<desc id="{css_class}-desc">{escape(description)}</desc>'
            + "".join(body) + "</svg>")


def posterior_bars(genes: Sequence[tuple[str, float]]) -> str:
    """One bar per gene (rank order, at most 50): its posterior probability (0-1) of explaining
    the case; the top gene's name and value are printed."""
    genes = list(genes)[:50]
    if not genes:
        return ""
    width, height, left, bottom = 640, 140, 34, 24
    step = (width - left - 6) / len(genes)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="{MUTED}"/>',
            f'<text x="{left - 4}" y="14" text-anchor="end" font-size="10" fill="{MUTED}">1.0</text>',
            f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" font-size="10" fill="{MUTED}">0</text>']
    plot_height = height - bottom - 10
    for i, (gene, posterior) in enumerate(genes):
        h = max(posterior * plot_height, 0.5)
        x = left + i * step
        label = escape(f"{gene}: {probability(posterior, 3)}")
        body.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
                    f'height="{h:.1f}" fill="{BAR}"><title>{label}</title></rect>')
    top_gene, top_value = genes[0]
    body.append(f'<text x="{left + 2}" y="{height - 6}" font-size="10" fill="{MUTED}">rank 1: {escape(top_gene)} '
                f'{escape(probability(top_value))}; rank {len(genes)} at right</text>')
    description = "; ".join(f"{g} {probability(p, 3)}" for g, p in genes[:10])
    return _svg(width, height, f"Posterior of the top {len(genes)} genes",
                f"Posterior probability by gene rank: {description}", body, "posterior-plot")


def range_marks(rows: Sequence[tuple[str, float | None, float, float, float]]) -> str:
    """One row per QC figure (label, value, expected low, expected high, axis maximum): the
    expected range as a band and the value as a mark (red when outside the range)."""
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return ""
    width, row_height, left = 640, 30, 210
    height = row_height * len(rows) + 8
    body = []
    for i, (label, value, low, high, axis) in enumerate(rows):
        assert value is not None
        y = 8 + i * row_height
        scale = (width - left - 20) / axis
        body.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" font-size="11" fill="#1b1f24">'
                    f'{escape(label)}</text>')
        body.append(f'<rect x="{left}" y="{y + 6}" width="{width - left - 20}" height="10" fill="#eaeef2"/>')
        body.append(f'<rect x="{left + low * scale:.1f}" y="{y + 6}" width="{(high - low) * scale:.1f}" height="10" '
                    f'fill="{RANGE}"/>')
        shown = min(value, axis)
        colour = MUTED if low <= value <= high else ALERT
        body.append(f'<rect x="{left + shown * scale - 1.5:.1f}" y="{y + 2}" width="3" height="18" fill="{colour}"/>')
        body.append(f'<text x="{min(left + shown * scale + 5, width - 60):.1f}" y="{y + 27}" font-size="10" '
                    f'fill="{colour}">{value:.2f}</text>')
    description = "; ".join(f"{label} {value:.2f} (expected {low}-{high})" for label, value, low, high, _ in rows)
    return _svg(width, height, "Sample QC against the expected ranges", description, body, "qc-plot")


def funnel(counts: Sequence[Mapping[str, Any]]) -> str:
    """The records each step passed on, as bars on a log scale (the input first, then each
    step's output; a step that splits records can add some)."""
    if not counts:
        return ""
    stages = [("input", int(counts[0]["records_in"]))] + [(str(s["step"]), int(s["records_out"])) for s in counts]
    width, row_height, left = 640, 22, 110
    height = row_height * len(stages) + 6
    top = max(n for _, n in stages) or 1
    span = math.log10(top + 1)
    body = []
    for i, (step, n) in enumerate(stages):
        y = 4 + i * row_height
        w = (width - left - 90) * (math.log10(n + 1) / span if span else 0)
        body.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" font-size="11" fill="#1b1f24">'
                    f'{escape(step)}</text>')
        body.append(f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="14" fill="{BAR}"/>')
        body.append(f'<text x="{left + max(w, 1) + 6:.1f}" y="{y + 14}" font-size="11" fill="#1b1f24">{n:,}</text>')
    description = "; ".join(f"{step} {n}" for step, n in stages)
    return _svg(width, height, "Records kept by each step (log scale)", description, body, "funnel-plot")
