"""Word lists and regular-expression fragments for time expressions.

Only data lives here: the rules that use it are in ``rules_dates`` and
``rules_spans``. Month and weekday names are matched case-sensitively (``may``,
``march``, ``august`` and ``sun`` are ordinary words); everything else is not.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# First month of each season (northern hemisphere, as TimeML assumes).
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "single": 1, "a dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip

# Quantities that make a duration vague: "several months" -> PXM.
VAGUE_NUMBERS = frozenset({"several", "a few", "few", "many", "some", "numerous", "multiple", "a number of"})

# unit word -> (TIMEX3 unit letter, multiplier, is a clock unit needing the "T")
UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "sec": ("S", 1, True), "minute": ("M", 1, True), "min": ("M", 1, True),
    "hour": ("H", 1, True), "hr": ("H", 1, True), "day": ("D", 1, False), "night": ("D", 1, False),
    "week": ("W", 1, False), "fortnight": ("W", 2, False), "month": ("M", 1, False),
    "quarter": ("Q", 1, False), "year": ("Y", 1, False), "yr": ("Y", 1, False),
    "decade": ("Y", 10, False), "century": ("Y", 100, False), "centurie": ("Y", 100, False),
}  # fmt: skip

# Time zones written after a clock time: UTC/GMT become TIMEX3's "Z".
ZONES: dict[str, str] = {
    "utc": "Z", "gmt": "Z", "z": "Z", "est": "-05:00", "edt": "-04:00", "cst": "-06:00",
    "cdt": "-05:00", "pst": "-08:00", "pdt": "-07:00", "cet": "+01:00", "cest": "+02:00", "bst": "+01:00",
}  # fmt: skip

# Deictic words with a TIMEX3 reference value, as the NewsReader/TimeML guidelines read them.
# Not "former", "previously", "formerly" or "ongoing": MEANTIME's annotators never mark them
# (0 of 9 "former"), and they date nothing.
REFERENCES: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "presently": "PRESENT_REF", "at present": "PRESENT_REF",
    "these days": "PRESENT_REF", "the time being": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "once upon a time": "PAST_REF",
    "soon": "FUTURE_REF", "very soon": "FUTURE_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the longer term": "FUTURE_REF", "short-term": "FUTURE_REF",
}  # fmt: skip

# -- regex fragments --------------------------------------------------------

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# Scoped flag: month names stay case-sensitive inside otherwise case-insensitive patterns.
MONTH = rf"(?-i:(?P<month>{_MONTH_NAMES})\b\.?)"
MONTH_FULL = r"(?-i:(?P<month>January|February|March|April|May|June|July|August|September|October|November|December))\b"
WEEKDAY_NAME = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
WEEKDAY = rf"(?P<weekday>{WEEKDAY_NAME})"
DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?\b"
YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)\b"
# Plain four-digit numbers taken as years: a narrower range than inside full dates.
LONE_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"

_NUMBER_WORD = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
NUMBER = (
    r"(?P<number>\d+(?:\.\d+)?"
    rf"|(?:{_NUMBER_WORD})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?(?:\s+and\s+a\s+half)?"
    r"|a\s+couple\s+of|a\s+dozen|dozens\s+of|a\s+few|several|many|some|numerous|multiple|a\s+number\s+of"
    r"|single|an?(?:\s+and\s+a\s+half)?)"
)
UNIT = r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|yrs?|decades?|century|centuries)"
# Qualifiers inside a duration's extent ("trading days", "straight days").
UNIT_QUALIFIER = (
    r"(?:(?:straight|consecutive|successive|trading|business|working|calendar|full|whole|long)\s+)?"
)
# Modifiers TimeML keeps inside the extent ("almost two and a half years", "over a decade").
APPROX = (
    r"(?P<approx>(?:about|around|almost|nearly|over|under|roughly|approximately|some|at\s+least"
    r"|more\s+than|less\s+than|fewer\s+than|up\s+to|close\s+to|just\s+over|just\s+under|well\s+over|upwards\s+of)\s+)?"
)

# Words after a four-digit number that make it a quantity, not a year.
QUANTITY_NOUNS = frozenset(
    [
        "people",
        "jobs",
        "workers",
        "employees",
        "staff",
        "cars",
        "vehicles",
        "units",
        "planes",
        "aircraft",
        "jets",
        "dealerships",
        "stores",
        "shares",
        "points",
        "troops",
        "soldiers",
        "residents",
        "dollars",
        "euros",
        "pounds",
        "yen",
        "tonnes",
        "tons",
        "barrels",
        "metres",
        "meters",
        "miles",
        "kilometres",
        "kilometers",
        "feet",
        "km",
        "kg",
        "lb",
        "passengers",
        "seats",
        "flights",
        "members",
        "users",
        "customers",
        "copies",
        "homes",
        "houses",
        "deaths",
        "cases",
        "votes",
        "pages",
        "songs",
        "apps",
    ]
)


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def number_value(word: str) -> float | None:
    """The value of a written quantity ("two and a half" -> 2.5); None when vague ("several")."""
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in VAGUE_NUMBERS or w == "dozens of":
        return None
    half = 0.0
    if w.endswith(" and a half"):
        half = 0.5
        w = w[: -len(" and a half")]
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w] + half
    parts = re.split(r"[\s-]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]] + half
    try:
        return float(w) + half
    except ValueError:
        return None
