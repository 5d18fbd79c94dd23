"""Colours, fonts and text formats, derived from the current palette (light or dark).

Relations never rely on hue alone: conflicts carry a wavy underline and a tinted background,
updates (a later figure replacing an earlier one) a dashed underline and a tinted background,
agreements a solid underline, related claims a dotted one. Search hits have a yellow background
with black text, which reads on both palettes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QTextCharFormat, QTextFormat

from ..core.highlights import PALETTE

# Custom properties on the QTextCharFormat of highlighted spans (tests assert on them).
PROP_RELATION = QTextFormat.Property.UserProperty + 1   # str: a relation (core.links.RELATIONS)
PROP_HIT = QTextFormat.Property.UserProperty + 2        # bool: a search hit
PROP_MARK = QTextFormat.Property.UserProperty + 3       # int: id of the user's highlight

_SERIF = ("Charter", "Source Serif 4", "Source Serif Pro", "Georgia", "Noto Serif", "P052",
          "Palatino Linotype", "Book Antiqua", "DejaVu Serif", "Liberation Serif", "serif")
_LABEL = {"conflicts": "Conflicts", "updates": "Updates", "agrees": "Agrees",
          "related": "Related"}


def relation_label(relation: str) -> str:
    return _LABEL.get(relation, relation.title())


@dataclass(frozen=True)
class Theme:
    dark: bool
    ink: QColor             # text on the reading page
    muted: QColor           # secondary text (metadata, counts)
    line: dict              # relation → underline / marker colour
    tint: dict              # relation → background (QColor or None)
    hit_bg: QColor
    find_bg: QColor
    find_current_bg: QColor
    flash_bg: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> "Theme":
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        if dark:
            return cls(
                dark=True,
                ink=palette.color(QPalette.ColorRole.Text),
                muted=QColor("#a9b1bb"),
                line={"conflicts": QColor("#ff6b6b"), "updates": QColor("#6cb6ff"),
                      "agrees": QColor("#6fcf73"), "related": QColor("#9fb3c8")},
                tint={"conflicts": QColor("#5c2326"), "updates": QColor("#1d3350"),
                      "agrees": QColor("#1e3a23"), "related": None},
                hit_bg=QColor("#f2c94c"), find_bg=QColor("#8a6d1f"),
                find_current_bg=QColor("#ff9f43"), flash_bg=QColor("#2f6fb0"))
        return cls(
            dark=False,
            ink=palette.color(QPalette.ColorRole.Text),
            muted=QColor("#5f6670"),
            line={"conflicts": QColor("#c62828"), "updates": QColor("#1565c0"),
                  "agrees": QColor("#2e7d32"), "related": QColor("#5c7080")},
            tint={"conflicts": QColor("#fde0de"), "updates": QColor("#e3eefb"),
                  "agrees": QColor("#e6f4e7"), "related": None},
            hit_bg=QColor("#ffe066"), find_bg=QColor("#fff3b0"),
            find_current_bg=QColor("#ffa94d"), flash_bg=QColor("#bcd9ff"))

    # -- text formats -------------------------------------------------------------------------
    def claim_format(self, relation: str, href: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setProperty(PROP_RELATION, relation)
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
        fmt.setUnderlineColor(self.line[relation])
        style = {"conflicts": QTextCharFormat.UnderlineStyle.WaveUnderline,
                 "updates": QTextCharFormat.UnderlineStyle.DashUnderline,
                 "agrees": QTextCharFormat.UnderlineStyle.SingleUnderline,
                 "related": QTextCharFormat.UnderlineStyle.DotLine}[relation]
        fmt.setUnderlineStyle(style)
        if self.tint[relation] is not None:
            fmt.setBackground(self.tint[relation])
        return fmt

    def value_format(self) -> QTextCharFormat:
        """The figure a conflict is about ("1,500" where another source says 14,000)."""
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(self.line["conflicts"])
        return fmt

    def hit_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setProperty(PROP_HIT, True)
        fmt.setBackground(self.hit_bg)
        fmt.setForeground(QColor("#000000"))
        return fmt

    def mark_color(self, color: str) -> QColor:
        """The background of the user's highlights of ``color`` (a PALETTE name): the palette
        colour washed towards the page, so the text keeps its own colour and stays readable
        on a light or a dark page, and a search hit (full yellow, black text) stands out."""
        paint = QColor(PALETTE.get(color, PALETTE["yellow"])[1])
        page, share = (QColor("#1e1f22"), 0.45) if self.dark else (QColor("#ffffff"), 0.78)
        mix = [round(share * a + (1 - share) * b) for a, b in
               zip(paint.getRgb()[:3], page.getRgb()[:3])]
        return QColor(*mix)

    def mark_format(self, color: str, hid: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setProperty(PROP_MARK, hid)
        fmt.setBackground(self.mark_color(color))
        return fmt

    def css(self) -> dict:
        """Colours as CSS strings, for rich-text labels and delegates."""
        return {"conflicts": self.line["conflicts"].name(), "agrees": self.line["agrees"].name(),
                "updates": self.line["updates"].name(),
                "related": self.line["related"].name(), "muted": self.muted.name(),
                "mark_bg": self.hit_bg.name(), "mark_fg": "#000000"}


def reading_font(point_size: float = 13.0) -> QFont:
    """A serif for long reading, from what is installed."""
    installed = set(QFontDatabase.families())
    families = [f for f in _SERIF if f in installed] or ["serif"]
    font = QFont()
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font
