"""Code colours: the palettes, a proposal for the next colour, and the contrast arithmetic.

The reader paints a thematic code as a translucent fill behind black text and an instrument as an
underline, so the two facets draw from different palettes with different tests:

* a **fill** (thematic) must keep black text readable through a ``FILL_ALPHA`` fill over white
  (WCAG contrast >= 4.5) and still be visible against the page;
* an **underline** (instrument) must stand out from white paper like any non-text mark
  (WCAG 1.4.11: contrast >= 3) without being so dark that it reads as black.

Both palettes start from colour-blind-safe schemes (Okabe–Ito and Paul Tol's *bright*, *muted*
and *vibrant*), hand-ordered so neighbours differ in hue. When a palette runs out, or a sub-code
should look related to its parent, ``next_color`` varies hue and lightness and keeps the candidate
farthest (CIE76 ΔE) from every colour already in use.
"""

from __future__ import annotations

import colorsys
import functools
import math
from collections.abc import Iterable, Sequence

from desktop.codebook.errors import CodebookError
from desktop.codebook.model import COLOR_PATTERN, Facet

WHITE = "#FFFFFF"
BLACK = "#000000"
FILL_ALPHA = 0.35
MIN_TEXT_CONTRAST = 4.5
MIN_UNDERLINE_CONTRAST = 3.0
MAX_UNDERLINE_CONTRAST = 12.5
"""Darker lines all look black: they could not be told apart, nor from the text they underline."""
MIN_FILL_VISIBILITY = 1.08
"""Contrast of the fill against white paper below which a highlight is hard to notice."""
MAX_FILL_DARKNESS = 7.0
"""Contrast of a fill colour itself against white above which its tint looks grey, not coloured."""

THEMATIC_PALETTE: tuple[str, ...] = (
    "#D55E00",  # Okabe–Ito vermillion
    "#009E73",  # Okabe–Ito bluish green
    "#0072B2",  # Okabe–Ito blue
    "#CC79A7",  # Okabe–Ito reddish purple
    "#E69F00",  # Okabe–Ito orange
    "#56B4E9",  # Okabe–Ito sky blue
    "#F0E442",  # Okabe–Ito yellow
    "#AA3377",  # Tol bright purple
    "#BBBBBB",  # Tol bright grey
    "#EE6677",  # Tol bright red
    "#228833",  # Tol bright green
    "#4477AA",  # Tol bright blue
    "#66CCEE",  # Tol bright cyan
    "#CCBB44",  # Tol bright yellow
)

INSTRUMENT_PALETTE: tuple[str, ...] = (
    "#332288",  # Tol muted indigo
    "#117733",  # Tol muted green
    "#882255",  # Tol muted wine
    "#997700",  # Tol high-contrast ochre
    "#009988",  # Tol vibrant teal
    "#CC3311",  # Tol vibrant red
    "#AA4499",  # Tol muted purple
    "#0077BB",  # Tol vibrant blue
    "#EE3377",  # Tol vibrant magenta
    "#666633",  # Tol dark olive
    "#994F00",  # dark orange
    "#225555",  # Tol dark teal
)

_HUE_STEPS = (0.0, 0.04, -0.04, 0.08, -0.08, 0.12, -0.12)
_LIGHTNESS_STEPS = (0.0, 0.08, -0.08, 0.15, -0.15, 0.22, -0.22, 0.29, -0.29)
_SATURATION_STEPS = (0.0, -0.3, 0.3)
_MIN_SEPARATION = 10.0
"""A palette colour this close to one in use (e.g. a sub-code's variant) is skipped."""
_ENOUGH_SEPARATION = 25.0
"""ΔE beyond which two colours are plainly different; more distance buys nothing."""
_KINSHIP_WEIGHT = 0.3
"""How strongly a sub-code's colour is pulled towards its parent's."""


def expand_hex(color: str) -> str:
    """``#RGB`` or ``#RRGGBB`` in any case (REFI-QDA allows both) as upper-case ``#RRGGBB``."""
    text = color.strip().upper()
    if len(text) == 4 and COLOR_PATTERN.fullmatch("#" + "".join(c * 2 for c in text[1:])):
        text = "#" + "".join(c * 2 for c in text[1:])
    if not COLOR_PATTERN.fullmatch(text):
        raise CodebookError(f"“{color}” is not a colour; write it as #RRGGBB, e.g. #0072B2.")
    return text


def _rgb(color: str) -> tuple[float, float, float]:
    value = expand_hex(color)
    return (int(value[1:3], 16) / 255, int(value[3:5], 16) / 255, int(value[5:7], 16) / 255)


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 for black, 1 for white)."""
    r, g, b = (_linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same luminance) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def composite(color: str, alpha: float, *, over: str = WHITE) -> str:
    """The colour seen when ``color`` is painted with ``alpha`` over ``over`` (sRGB blending,
    as Qt's painter and PDF viewers blend)."""
    top, bottom = _rgb(color), _rgb(over)
    return _hex(tuple(alpha * t + (1 - alpha) * b for t, b in zip(top, bottom, strict=True)))


def is_readable_fill(color: str) -> bool:
    """Black text stays readable through the highlight, and the highlight shows on white
    as a colour rather than a grey."""
    fill = composite(color, FILL_ALPHA)
    return (
        contrast_ratio(BLACK, fill) >= MIN_TEXT_CONTRAST
        and contrast_ratio(fill, WHITE) >= MIN_FILL_VISIBILITY
        and contrast_ratio(color, WHITE) <= MAX_FILL_DARKNESS
    )


def is_readable_underline(color: str) -> bool:
    """The colour stands out from white paper as a thin line (WCAG non-text contrast) and is
    still recognisably a colour."""
    return MIN_UNDERLINE_CONTRAST <= contrast_ratio(color, WHITE) <= MAX_UNDERLINE_CONTRAST


@functools.lru_cache(maxsize=8192)
def is_readable(color: str, facet: Facet) -> bool:
    """Whether ``color`` works for how codes of ``facet`` are painted."""
    if facet is Facet.THEMATIC:
        return is_readable_fill(color)
    return is_readable_underline(color)


def palette(facet: Facet) -> tuple[str, ...]:
    return THEMATIC_PALETTE if facet is Facet.THEMATIC else INSTRUMENT_PALETTE


@functools.lru_cache(maxsize=8192)
def _lab(color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(first: str, second: str) -> float:
    """CIE76 colour difference: about 2 is just noticeable, above 20 clearly different."""
    return math.dist(_lab(first), _lab(second))


@functools.lru_cache(maxsize=1024)
def variants(color: str) -> tuple[str, ...]:
    """Colours of the same family: small hue turns, lighter or darker, more or less saturated
    (``color`` itself excluded)."""
    h, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    found: list[str] = []
    for ds in _SATURATION_STEPS:
        for dl in _LIGHTNESS_STEPS:
            for dh in _HUE_STEPS:
                new_l, new_s = lightness + dl, min(max(saturation + ds, 0.0), 1.0)
                if 0.05 < new_l < 0.95:
                    candidate = _hex(colorsys.hls_to_rgb((h + dh) % 1.0, new_l, new_s))
                    if candidate != expand_hex(color) and candidate not in found:
                        found.append(candidate)
    return tuple(found)


def next_color(used: Iterable[str], *, facet: Facet, near: str | None = None) -> str:
    """A colour for a new code of ``facet`` that no code uses yet.

    Without ``near``: the first palette colour not used yet, nor nearly used by a variant. With
    ``near`` (the parent's colour, for a sub-code): a variant of it. Either way, when nothing
    obvious is left, the readable candidate farthest from every used colour wins, so the
    proposal never repeats a colour. (Colours for many new codes at once: ``ColorChooser``.)
    """
    return ColorChooser(used).choose(facet=facet, near=near)


CROWDED = 150
"""Colours in use past which a new colour is no longer chosen as the one farthest from all of
them: in a codebook this colourful no new colour stands apart anyway, and the search, which
weighs up to 1,750 candidates against every colour in use, made importing thousands of codes
without colours quadratic (1,000 took 15 s, 4,000 minutes). Past it a sub-code takes the first
readable unused variant of its parent's colour, a top-level code the next readable unused
colour of a fixed scatter."""


class ColorChooser:
    """``next_color`` for codes added one after another (an import of codes without colours):
    each candidate's distance to the nearest colour in use is kept and lowered as colours are
    taken, and past ``CROWDED`` colours no distances are weighed at all, so choosing for n new
    codes grows with n, where asking ``next_color`` afresh for each grew with n²."""

    def __init__(self, used: Iterable[str]) -> None:
        self._taken: set[str] = set()
        self._separation: dict[str, float] = {}
        """Candidate colour -> its ΔE to the nearest colour taken, for candidates asked about
        while the codebook was not yet crowded."""
        self._scattered = 0
        """How far along the scatter the last top-level choice went (its next starts there)."""
        for color in used:
            self.take(color)

    def take(self, color: str) -> None:
        """``color`` is in use from now on."""
        color = expand_hex(color)
        if color in self._taken:
            return
        self._taken.add(color)
        if len(self._taken) >= CROWDED:
            self._separation.clear()
            return
        for candidate, separation in self._separation.items():
            distance = delta_e(candidate, color)
            if distance < separation:
                self._separation[candidate] = distance

    def choose(self, *, facet: Facet, near: str | None = None) -> str:
        """As ``next_color`` over the colours taken so far (the choice is not taken)."""
        crowded = len(self._taken) >= CROWDED
        if near is None:
            if not crowded:
                for color in palette(facet):
                    if self._separation_of(color) >= _MIN_SEPARATION:
                        return color
            candidates: Sequence[str] = (
                [] if crowded else [v for c in palette(facet) for v in variants(c)]
            )
        else:
            candidates = variants(near)
        readable = [c for c in candidates if c not in self._taken and is_readable(c, facet)]
        if not readable:
            return self._scatter(facet)
        if crowded:
            return readable[0]

        def merit(candidate: str) -> float:
            kinship = delta_e(candidate, near) if near is not None else 0.0
            return (
                min(self._separation_of(candidate), _ENOUGH_SEPARATION) - _KINSHIP_WEIGHT * kinship
            )

        return max(readable, key=merit)

    def _separation_of(self, candidate: str) -> float:
        found = self._separation.get(candidate)
        if found is None:
            found = min((delta_e(candidate, color) for color in self._taken), default=math.inf)
            self._separation[candidate] = found
        return found

    def _scatter(self, facet: Facet) -> str:
        """Any readable unused colour, for codebooks that exhausted every family (hundreds of
        codes): the next one along a fixed walk through every colour, from where the last
        choice ended."""
        value = int(palette(facet)[0][1:], 16) + self._scattered * _SCATTER_STEP
        while True:
            self._scattered += 1
            value = (value + _SCATTER_STEP) % 0x1000000
            candidate = f"#{value:06X}"
            if candidate not in self._taken and is_readable(candidate, facet):
                return candidate


_SCATTER_STEP = 0x9E3779
"""A step that visits every one of the 2^24 colours before repeating (it is odd)."""
