"""A small inline SVG of a transcript: exons as boxes (coding part taller), introns compressed
to a fixed width, the variant as a red marker and ClinVar P/LP variants as ticks above."""

from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT, INTRON = 640, 46, 6


def transcript_svg(model: dict[str, Any], variant_pos: int, clinvar_positions: list[int]) -> str:
    """SVG markup for one transcript model ({id, strand, exons, cds}: 1-based inclusive intervals)."""
    exons = sorted(tuple(e) for e in model["exons"])
    if not exons:
        return ""
    cds = [tuple(c) for c in model["cds"]]
    exonic = sum(end - start + 1 for start, end in exons)
    scale = (WIDTH - 20 - INTRON * (len(exons) - 1)) / max(exonic, 1)
    xs: list[tuple[int, int, float]] = []           # (start, end, x of start)
    x = 10.0
    for start, end in exons:
        xs.append((start, end, x))
        x += (end - start + 1) * scale + INTRON

    def to_x(pos: int) -> float | None:
        for i, (start, end, left) in enumerate(xs):
            if start <= pos <= end:
                return left + (pos - start) * scale
            if i + 1 < len(xs) and end < pos < xs[i + 1][0]:
                return left + (end - start + 1) * scale + INTRON / 2
        return None

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="transcript" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{escape(model["id"])} exon structure">',
             f'<line x1="10" y1="26" x2="{WIDTH - 10}" y2="26" stroke="#8c959f"/>']
    for start, end, left in xs:
        width = max((end - start + 1) * scale, 1.0)
        coding = any(s <= end and start <= e for s, e in cds)
        y, h = (18, 16) if coding else (22, 8)
        parts.append(f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="{h}" fill="#57606a"/>')
    for pos in clinvar_positions:
        px = to_x(pos)
        if px is not None:
            parts.append(f'<line x1="{px:.1f}" y1="4" x2="{px:.1f}" y2="14" stroke="#cf222e" stroke-opacity="0.6"/>')
    vx = to_x(variant_pos)
    if vx is not None:
        parts.append(f'<path d="M{vx:.1f} 36 l-5 8 h10 z" fill="#cf222e"/>')
    direction = "→" if model["strand"] == "+" else "←"
    parts.append(f'<text x="{WIDTH - 10}" y="12" text-anchor="end" font-size="10" fill="#57606a">'
                 f'{escape(model["id"])} {direction}</text></svg>')
    return "".join(parts)
