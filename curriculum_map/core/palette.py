"""Colour-blind-safe ordinal colours for the legend (ColorBrewer YlGnBu), plus a neutral."""

from __future__ import annotations

# ColorBrewer YlGnBu (Cynthia Brewer, colorbrewer2.org), sequential and colour-blind safe.
_YLGNBU = {
    2: ("#edf8b1", "#2c7fb8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    8: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    9: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"),
    # ColorBrewer stops at 9 classes: 10 evenly spaced steps along the same ramp (matplotlib's YlGnBu)
    10: ("#ffffd9", "#eff9b6", "#d0edb3", "#97d6b9", "#5dc0c0", "#31a5c2", "#1f80b8", "#2354a3", "#21318d", "#081d58"),
}
NOT_ANSWERED = "#d9d9d9"


def level_colours(count: int) -> list[str]:
    """`count` fill colours from light (lowest level) to dark (highest level)."""
    if count < 2 or count > max(_YLGNBU):
        raise ValueError(f"no palette for {count} levels (2 to {max(_YLGNBU)} are supported)")
    return list(_YLGNBU[count])


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG relative luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#ffffff"
