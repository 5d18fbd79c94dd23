"""How a figure is written around its number: its currency (to ISO codes), its unit of measure
(to one base unit per dimension: metres, square metres, kilograms, so that "10 km" and "6.2
miles" are one length and "40 square miles" is no "40 square kilometres"), and the qualifier
that makes it a range ("about", "up to", "at least"); the range a number's last written digit
allows, and whether a figure is written finer than another's last digit."""

from __future__ import annotations

import math
import re

CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
             "£": "GBP", "gbp": "GBP", "pounds": "GBP", "€": "EUR", "eur": "EUR",
             "euros": "EUR", "¥": "JPY", "yen": "JPY", "yuan": "CNY", "rubles": "RUB",
             "roubles": "RUB", "rupees": "INR"}

# Units of measure, to one unit per dimension: "10 km" and "6.2 miles" are one length.
_MEASURES = {
    "length": {"km": 1000, "kilometre": 1000, "kilometer": 1000, "kilometres": 1000,
               "kilometers": 1000, "mile": 1609.344, "miles": 1609.344, "mi": 1609.344,
               "metre": 1, "meter": 1, "metres": 1, "meters": 1, "m": 1,
               "foot": 0.3048, "feet": 0.3048, "ft": 0.3048, "inch": 0.0254,
               "inches": 0.0254, "in": 0.0254, "cm": 0.01, "centimetres": 0.01,
               "centimeters": 0.01, "yards": 0.9144, "yard": 0.9144},
    "area": {"square miles": 2.589988e6, "sq miles": 2.589988e6, "square mile": 2.589988e6,
             "square kilometres": 1e6, "square kilometers": 1e6, "sq km": 1e6, "km2": 1e6,
             "hectares": 1e4, "hectare": 1e4, "ha": 1e4, "acres": 4046.856, "acre": 4046.856},
    "mass": {"kg": 1, "kilograms": 1, "kilogram": 1, "kilos": 1, "tonnes": 1000,
             "tonne": 1000, "tons": 907.185, "ton": 907.185, "pounds": 0.453592,
             "lb": 0.453592, "lbs": 0.453592, "grams": 0.001, "g": 0.001},
}
_MEASURE_OF = {u: (dim, f) for dim, units in _MEASURES.items() for u, f in units.items()}
_MEASURE_RE = re.compile(r"\s*(?:-\s*)?(" + "|".join(sorted(map(re.escape, _MEASURE_OF), key=len,
                                                            reverse=True)) + r")\b", re.I)
CONVERSION_SLACK = 0.03    # a converted figure is rounded: 10 km is "6.2 miles"


def measure_after(after: str) -> tuple[str, float, int] | None:
    """(dimension, factor to its base unit, characters taken) when a unit of measure follows."""
    m = _MEASURE_RE.match(after)
    if not m:
        return None
    unit = " ".join(m.group(1).lower().split())
    if unit in ("m", "in", "g", "mi", "ha") and m.group(1) != m.group(1).lower():
        return None                          # "5 M" or "In" are not units
    if unit == "in" and not re.match(r"\s*in\b(?!\s+(?:the|a|an|his|her|its|their|\w+ing)\b)",
                                     after):
        return None                          # "10 in the..." is a preposition
    dim, factor = _MEASURE_OF[unit]
    return dim, factor, m.end()

_QUALIFIERS = [  # (pattern, how the stated value becomes a range)
    (r"approximately|approx\.?|about|around|roughly|some|an estimated|estimated|nearly|"
     r"almost|close to|circa|c\.|some", "about"),
    (r"up to|as many as|as much as", "stated"),    # a class "of up to 1.6 million": its size
    (r"at most|no more than|not more than|a maximum of|"
     r"fewer than|less than|under|below|just under", "upto"),
    (r"over|more than|at least|upwards of|in excess of|above|exceeding|no fewer than|"
     r"no less than|a minimum of|just over|nearly over", "over"),
]
_QUAL_RE = [(re.compile(rf"(?:\b(?:{p}))\s+$", re.I), kind) for p, kind in _QUALIFIERS]


def qualified(before: str, low: float, high: float, value: float) -> tuple[float, float, str]:
    for rx, kind in _QUAL_RE:
        m = rx.search(before)
        if m:
            if kind == "about":
                return min(low, value * 0.85), max(high, value * 1.15), m.group(0).strip()
            if kind == "upto":
                return 0.0, high, m.group(0).strip()
            if kind == "stated":
                return low, high, m.group(0).strip()
            return low, math.inf, m.group(0).strip()
    return low, high, ""


def precision_range(num_text: str, value: float, scale: float, exact_units: bool = True
                    ) -> tuple[float, float]:
    """A written number stands for the range its last significant digit allows, counting at
    least two significant digits: "14,000" → 13,500–14,500; "1,500" → 1,450–1,550;
    "1.2 million" → 1.15–1.25 million; "1 million" → 0.95–1.05 million; "1,480" → exact."""
    digits = num_text.replace(",", "")
    if "." in digits:
        step = 10 ** (-len(digits.split(".")[1])) * scale
    else:
        significant = digits.lstrip("0").rstrip("0") or "0"
        zeros = len(digits.lstrip("0")) - len(significant)
        if len(significant) == 1 and zeros:          # "10,000", "1 million": 2 digits
            zeros -= 1
        elif len(significant) == 1 and scale > 1:
            zeros = -1
        step = (10 ** zeros) * scale
    if step <= 1 and exact_units:    # a count of whole things is exact below two digits' step
        return value, value
    return value - step / 2, value + step / 2


def more_precise(value: float, unit: float) -> bool:
    """Is ``value`` written to at least two digits finer than ``unit`` (43,885,310 against
    millions: yes; 1,580 against hundreds: no: that is a figure of its own, not a cut one)?"""
    step = unit / 10
    return not math.isclose(value, round(value / step) * step, rel_tol=0, abs_tol=step * 1e-6)
