"""Colour arithmetic for the sites' themes: WCAG relative luminance and contrast.

Used when site settings are saved (colours whose contrast is too low are
refused with a form error) and when a page is rendered (`theme_css` adjusts
colours saved before that check existed).
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = (255, 255, 255)
TEXT = (27, 27, 27)  # #1b1b1b, the body text colour in site.css
SURFACE = (245, 245, 245)  # #f5f5f5, the light grey panels in site.css
# WCAG 2.1 AA, success criterion 1.4.3: 4.5:1 for normal text.
AA_NORMAL_TEXT = 4.5


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def to_hex(colour: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in colour)


def luminance(colour: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-255 channels."""

    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
