"""Russian time expressions, normalised TimeML-style like ``times.find_times``.

Regex rules over case endings (июнь/июня/июне, год/года/году/лет), no parse
needed: Russian marks case on the expression itself, and prepositions are
signals, not part of the extent (TimeML): «в 2019 году» is «2019 году», «с 2019
года» is «2019 года» with value 2019, as the English side gives "since 2019".
Overlaps are settled longest-first by the English settler. Past or future for a
partial date («5 июня», «в пятницу») comes from the verbs of its clause
(past-tense endings, «будет», «состоится»), else the nearest date is taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from storyline.model import TimeExpr
from storyline.morph import morph as _morph
from storyline.temporal.base import Candidate
from storyline.temporal.normalise import (
    day_value,
    duration_value,
    month_value,
    parse_anchor,
    period_value,
    resolve_month,
    resolve_month_day,
    resolve_quarter,
    resolve_season,
    resolve_weekday,
    shifted,
)
from storyline.temporal.times import _refer, _settle, time_records

_MONTHS: dict[str, int] = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
# Every case of a month name: январь/января/январе/январю, май/мая/мае, март/марта/марте.
MONTH = (
    r"(?:январ[ьяюе]|феврал[ьяюе]|март[аеу]?|апрел[ьяюе]|ма[йяюе]|июн[ьяюе]|июл[ьяюе]|август[аеу]?"
    r"|сентябр[ьяюе]|октябр[ьяюе]|ноябр[ьяюе]|декабр[ьяюе])"
)
# Abbreviated months, only after a day number: «5 янв.», «12 сент. 2023».
_MONTH_ABBR = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "авг": 8, "сен": 9, "сент": 9, "окт": 10,
    "ноя": 11, "нояб": 11, "дек": 12,
}  # fmt: skip
MONTH_ABBR = r"(?:янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек)\."

_YEAR_WORD = r"(?:\s*(?:-?м|-?го)?\s*(?:год(?:а|у|ом)?|г\.|гг\.|годах|годы|годов))"

# Units in every case and number; the key is the English unit ``normalise`` knows.
_UNITS: dict[str, str] = {}
for _unit, _forms in {
    "year": "год года году годом годе лет годы годам годах годами",
    "month": "месяц месяца месяцу месяцем месяце месяцев месяцы месяцам месяцах месяцами",
    "week": "неделя недели неделю неделе неделей недель неделям неделях неделями",
    "day": "день дня дню днем днём дне дней дни дням днях днями сутки суток",
    "hour": "час часа часу часом часе часов часы часам часах часами",
    "minute": "минута минуты минуту минутой минуте минут минутам минутах минутами",
    "decade": "десятилетие десятилетия десятилетию десятилетий десятилетиями десятилетиях",
    "century": "век века веку веком веке веков",
    "quarter": "квартал квартала кварталу кварталом квартале кварталов",
}.items():
    for _form in _forms.split():
        _UNITS[_form] = _unit
UNIT = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"

# Number words in the cases news uses («двух лет», «трёх месяцев», «полтора года»).
_NUMBERS: dict[str, float] = {}
for _value, _forms in {
    1: "один одна одну одно одного одной одним",
    1.5: "полтора полторы полутора",
    2: "два две двух двум двумя",
    3: "три трех трёх трем трём тремя",
    4: "четыре четырех четырёх четырем четырём четырьмя",
    5: "пять пяти пятью",
    6: "шесть шести шестью",
    7: "семь семи семью",
    8: "восемь восьми восемью",
    9: "девять девяти девятью",
    10: "десять десяти десятью",
    11: "одиннадцать одиннадцати",
    12: "двенадцать двенадцати",
    15: "пятнадцать пятнадцати",
    20: "двадцать двадцати",
    30: "тридцать тридцати",
    40: "сорок сорока",
    50: "пятьдесят пятидесяти",
    100: "сто ста",
}.items():
    for _form in _forms.split():
        _NUMBERS[_form] = _value
_FEW = "несколько нескольких многие многих многих ряд"
_NUMBER_WORD = r"(?:" + "|".join(sorted([*_NUMBERS, *_FEW.split()], key=len, reverse=True)) + r")"
# «двадцать пять», «сорок два»: tens and units written as two words.
NUMBER = r"(?:\d+(?:[.,]\d+)?|" + _NUMBER_WORD + r"(?:\s+" + _NUMBER_WORD + r")?)"

_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6,
}  # fmt: skip
WEEKDAY = r"(?:понедельник|вторник|сред[ауы]|четверг|пятниц[аыу]|суббот[аыу]|воскресень[ея])"

# Relative adjectives in every gender and case: прошлом/прошлой/прошлую, этом/этой/эту ...
REL_WORDS = (
    r"(?:позапрошл\w{1,3}|прошл\w{1,3}|минувш\w{1,3}|предыдущ\w{1,3}|эт(?:от|ом|ой|у|а|о|ого|им)"
    r"|текущ\w{1,3}|нынешн\w{1,3}|следующ\w{1,3}|будущ\w{1,3}|наступающ\w{1,3}|предстоящ\w{1,3})"
)
_REL = r"(?P<rel>" + REL_WORDS + r")"


def _rel_offset(word: str) -> int:
    w = word.lower()
    if w.startswith("позапрошл"):
        return -2
    if w.startswith(("прошл", "минувш", "предыдущ")):
        return -1
    if w.startswith(("следующ", "будущ", "наступающ", "предстоящ")):
        return 1
    return 0


def _month(word: str) -> int:
    w = word.lower()
    for stem, number in _MONTHS.items():
        if w.startswith(stem) and (stem != "ма" or len(w) == 3):
            return number
    return _MONTH_ABBR[w.rstrip(".")]


def _number(word: str) -> float | None:
    w = word.lower().replace(",", ".")
    parts = w.split()
    if len(parts) == 2:
        tens, units = _NUMBERS.get(parts[0]), _NUMBERS.get(parts[1])
        if tens is None or units is None or tens < 20 or tens % 10 or units >= 10:
            return None
        return tens + units
    if w in _NUMBERS:
        return _NUMBERS[w]
    try:
        return float(w)
    except ValueError:
        return None  # «несколько»: an unknown count


# -- past or future, from the clause ------------------------------------------

_CLAUSE_BREAK = re.compile(r"[.!?;\n]|,\s+(?:а|но|однако|когда|где|который|которая|которые)\b")
_FUTURE = re.compile(
    r"\b(?:буд(?:ет|ут|ем|у)|состо(?:ится|ятся)|планиру\w*|намерен\w*|собира\w*|пройд[её]т|пройдут"
    r"|начн[её]тся|откро[её]тся|ожида[ею]тся|предстоит|намечен\w*|запланирован\w*)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[а-яё]{3,}", re.IGNORECASE)


@lru_cache(maxsize=16384)
def _tense(word: str) -> str | None:
    """ "past" or "future" for a finite verb form (заявил, подпишут, закроется), else None."""
    parses = _morph().parse(word)
    verbs = [p.tag for p in parses if p.tag.POS == "VERB"]
    if not verbs or parses[0].tag.POS != "VERB":
        return None
    tag = verbs[0]
    if "past" in tag:
        return "past"
    # A verb of both aspects reads as present too («приветствуют», «используют»): not a
    # plan; nor are the reporter's own asides «напомним», «отметим» ("let us recall").
    if "futr" in tag and not any("pres" in t for t in verbs) and word not in _ASIDES:
        return "future"
    return None


# A news writer's asides, future in form: "let us recall / note / add / clarify".
_ASIDES = frozenset({"напомним", "отметим", "добавим", "подчеркнем", "подчеркнём", "уточним", "заметим"})


def _direction(text: str, start: int, end: int) -> str | None:
    """ "past", "future" or None from the verbs of the clause around text[start:end];
    a future form wins (a plan is reported with past verbs: «заявил, что откроют в июне»)."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 120), start)), default=None)
    lo = left if left is not None else max(0, start - 120)
    m_right = _CLAUSE_BREAK.search(text, end, end + 120)
    hi = m_right.start() if m_right else min(len(text), end + 120)
    clause = text[lo:start] + " " + text[end:hi]
    if _FUTURE.search(clause):
        return "future"
    tenses = {_tense(w.lower()) for w in _WORD.findall(clause)}
    if "future" in tenses:
        return "future"
    return "past" if "past" in tenses else None


# -- rules -------------------------------------------------------------------

_Handler = Callable[[re.Match[str], str, date | None], Candidate | None]
_RULES: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    """Decorator: compile ``pattern`` once and pair it with its handler, in rule order."""

    def wrap(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern, re.IGNORECASE), handler))
        return handler

    return wrap


def _cand(
    m: re.Match[str], value: str | None, type_: str = "DATE", relative: bool = False, start: int | None = None
) -> Candidate | None:
    if not value:
        return None
    return Candidate(
        start=m.start() if start is None else start, end=m.end(), type=type_, value=value, relative=relative
    )


def _ref(offset: int) -> str:
    return "PAST_REF" if offset < 0 else "FUTURE_REF" if offset > 0 else "PRESENT_REF"


def _date(y: int, m: int, d: int) -> str | None:
    try:
        return day_value(date(y, m, d))
    except ValueError:
        return None


# «начале/конце/середине июня», «к концу 2024 года»: kept in the extent as the English side keeps "early".
_PART = (
    r"(?:(?P<part>начал[еоа]|конц[еау]|середин[еыу]|перв(?:ой|ую)\s+половин[еуы]"
    r"|втор(?:ой|ую)\s+половин[еуы])\s+)?"
)
_OPT_YEAR = r"(?:\s+(?P<y>(?:19|20)\d\d)" + _YEAR_WORD + r"?)?"


@_rule(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\d.]\d)" + _YEAR_WORD + "?")
@_rule(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])")
def _numeric(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, _date(int(m["y"]), int(m["m"]), int(m["d"])))


@_rule(r"\b(?P<d>\d{1,2})(?:-?го)?\s+(?P<mon>" + MONTH + r"|" + MONTH_ABBR + r")" + _OPT_YEAR + r"(?!\w)")
def _day_month(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    month, day = _month(m["mon"]), int(m["d"])
    if m["y"]:
        return _cand(m, _date(int(m["y"]), month, day))
    if not 1 <= day <= 31:
        return None
    if anchor is None:
        return _cand(m, f"XXXX-{month:02d}-{day:02d}")
    found = resolve_month_day(anchor, month, day, _direction(text, m.start(), m.end()))
    return _cand(m, day_value(found) if found else None, relative=True)


@_rule(r"\b" + _PART + r"(?P<mon>" + MONTH + r")" + _OPT_YEAR + r"(?!\w)")
def _month_rule(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    month = _month(m["mon"])
    if m["y"]:
        return _cand(m, month_value(int(m["y"]), month))
    if anchor is None:
        return _cand(m, f"XXXX-{month:02d}")
    year = resolve_month(anchor, month, _direction(text, m.start(), m.end()))
    return _cand(m, month_value(year, month), relative=True)


@_rule(r"\b" + _PART + r"(?P<y>(?:19|20)\d\d)" + _YEAR_WORD + r"(?!\w)")
# A bare year opening a range: «в 2019–2021 годах», «с 2019 по 2021 год».
@_rule(r"\b(?P<y>(?:19|20)\d\d)(?=\s*(?:[-–—]|по|и|до)\s*(?:19|20)\d\d" + _YEAR_WORD + r")")
def _year(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, m["y"])


@_rule(
    r"(?:(?P<prep>\b(?:в|во|с|до|к|начал[еау]|середин[еыу]|конц[еау])\s+))?"
    r"\b(?P<dec>(?:1[89]|20)?\d0)-?(?:е|х|ые|ых)(?:\s+(?P<word>год(?:ы|ов|ах|ами)))?(?!\w)"
)
def _decade(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    dec = m["dec"]
    if len(dec) == 2:
        if not m["word"] and not m["prep"]:
            return None  # «90-х ребят» may be anything; «в 90-х», «90-х годов» is a decade
        dec = ("19" if int(dec) >= 30 else "20") + dec
    # A preposition is a signal, outside the extent; «середине» is kept, as "mid-" is in English.
    start = m.start("dec") if m["prep"] and m["prep"].split()[0].lower() in _PREPS else m.start()
    return _cand(m, dec[:3], start=start)


_PREPS = {"в", "во", "с", "до", "к"}


@_rule(r"\b(?P<cent>[IVX]{1,5}|\d{1,2})(?:-?м|-?го)?\s+(?:век(?:а|е|ом|у)?)(?!\w)")
def _century(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    c = m["cent"]
    n = _roman(c.upper()) if c[0] in "IVXivx" else int(c)
    return _cand(m, f"{n - 1:02d}") if 1 <= n <= 22 else None


@_rule(
    r"\b(?P<word>позавчера|вчера|сегодня|завтра|послезавтра)"
    r"(?:\s+(?P<part>утром|днем|днём|вечером|ночью))?(?!\w)"
)
def _day_word(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    offset = _DAY_WORDS[m["word"].lower()]
    part = _PARTS.get((m["part"] or "").lower())
    type_ = "TIME" if part else "DATE"
    if anchor is None:
        return _cand(m, f"XXXX-XX-XXT{part}" if part and offset == 0 else _ref(offset), type_)
    value = day_value(anchor + timedelta(days=offset)) + (f"T{part}" if part else "")
    return _cand(m, value, type_, relative=True)


_PERIOD_UNITS = {"г": "year", "м": "month", "н": "week", "к": "quarter", "в": "weekend", "д": "decade"}


@_rule(
    r"\b" + _REL + r"\s+(?P<unit>год(?:а|у)?|месяц(?:а|е)?|недел[июе]|квартал(?:а|е)?|выходны[ех]"
    r"|десятилети[еи])(?!\w)"
)
def _period(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    offset = _rel_offset(m["rel"])
    if anchor is None:
        return _cand(m, _ref(offset))
    return _cand(m, period_value(anchor, _PERIOD_UNITS[m["unit"][0].lower()], offset), relative=True)


@_rule(
    r"\b(?:"
    + _REL
    + r"\s+)?(?P<season>весн(?:ой|а|у|е|ы)|лет(?:ом|о|а)|осень(?:ю)?|осени|зим(?:ой|а|у|е|ы))"
    + _OPT_YEAR
    + r"(?!\w)"
)
def _season(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    word = m["season"].lower()
    season = next(v for k, v in _SEASONS.items() if word.startswith(k))
    if m["y"]:
        return _cand(m, f"{m['y']}-{season}")
    if m["rel"] is None and word not in {"весной", "летом", "осенью", "зимой"}:
        return None  # «весна», «лета» alone: a title, a genitive
    if anchor is None:
        return _cand(m, f"XXXX-{season}")
    offset = _rel_offset(m["rel"]) if m["rel"] else 0
    direction = {-1: "past", 1: "future"}.get(offset)
    if m["rel"] is None:
        direction = _direction(text, m.start(), m.end())
    year = resolve_season(anchor, season, direction, strict=offset != 0)
    return _cand(m, f"{year:04d}-{season}", relative=True)


@_rule(r"(?:\b(?P<prep>в|во)\s+|\b" + _REL + r"\s+)(?P<wd>" + WEEKDAY + r")(?!\w)")
def _weekday(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    wd = _weekday_number(m["wd"])
    start = m.start("wd") if m["prep"] else m.start()
    if anchor is None:
        return _cand(m, f"XXXX-WXX-{wd + 1}", start=start)
    offset = _rel_offset(m["rel"]) if m["rel"] else 0
    strict = m["rel"] is not None and offset != 0
    direction = {-1: "past", 1: "future"}.get(offset) if strict else _direction(text, start, m.end())
    value = day_value(resolve_weekday(anchor, wd, direction, strict=strict))
    return _cand(m, value, relative=True, start=start)


@_rule(r"\bпо\s+(?P<wd>понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)(?!\w)")
def _set(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, f"XXXX-WXX-{_weekday_number(m['wd']) + 1}", "SET", start=m.start("wd"))


@_rule(r"\b(?:(?P<n>" + NUMBER + r")\s+)?(?P<unit>" + UNIT + r")\s+(?:тому\s+)?назад(?!\w)")
def _ago(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _shift(m, anchor, -1)


# «через неделю после выборов» counts from the election, not from the anchor: left to the duration rule.
@_rule(r"(?<!\w)через\s+(?:(?P<n>" + NUMBER + r")\s+)?(?P<unit>" + UNIT + r")(?!\w)(?!\s+после)")
def _in(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _shift(m, anchor, 1)


def _shift(m: re.Match[str], anchor: date | None, sign: int) -> Candidate | None:
    unit = _UNITS[m["unit"].lower()]
    amount = _number(m["n"]) if m["n"] else 1.0
    if anchor is None or amount is None or amount != int(amount):
        return _cand(m, _ref(sign))
    return _cand(m, shifted(anchor, unit, sign * int(amount)), relative=True)


_LAST = r"(?:последние|ближайшие|последних|ближайших)\s+"


@_rule(r"\b(?:" + _LAST + r")?(?P<n>" + NUMBER + r")\s+(?P<unit>" + UNIT + r")(?!\w)")
def _duration(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    unit = _UNITS[m["unit"].lower()]
    if m["n"].isdigit() and len(m["n"]) == 4 and unit == "year":
        return None  # «2019 года» is a year
    return _cand(m, duration_value(_number(m["n"]), unit), "DURATION")


@_rule(r"\b" + _LAST + r"(?P<unit>годы|месяцы|недели|дни|лет|месяцев|недель|дней)(?!\w)")
def _duration_vague(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, duration_value(None, _UNITS[m["unit"].lower()]), "DURATION")


@_rule(r"(?<=в\sтечение\s)(?P<unit>года|месяца|недели|дня|суток)(?!\w)")
def _duration_one(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, duration_value(1.0, _UNITS[m["unit"].lower()]), "DURATION")


@_rule(
    r"\b(?P<ref>сейчас|ныне|в\s+настоящее\s+время|недавно|в\s+ближайшее\s+время|в\s+будущем"
    r"|в\s+прошлом)(?!\w)"
)
def _reference(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _cand(m, _REFS[" ".join(m["ref"].lower().split())])


# «5–7 июня», «с 1 по 10 июня»: the first day takes the month (and year) named after the second.
@_rule(r"\b(?P<d>\d{1,2})(?=\s*(?:[-–—]|по)\s*\d{1,2}\s+(?P<mon>" + MONTH + r")" + _OPT_YEAR + r"(?!\w))")
def _range_start(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    return _day_month(m, text, anchor)


_QUARTERS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}


@_rule(r"\b(?P<q>перв|втор|трет|четв[её]рт)\w{0,3}\s+квартал\w{0,3}" + _OPT_YEAR + r"(?!\w)")
def _quarter(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    q = _QUARTERS[m["q"][:4].lower().replace("ё", "е")]
    if m["y"]:
        return _cand(m, f"{m['y']}-Q{q}")
    if anchor is None:
        return _cand(m, f"XXXX-Q{q}")
    year = resolve_quarter(anchor, q, _direction(text, m.start(), m.end()))
    return _cand(m, f"{year:04d}-Q{q}", relative=True)


_SET_UNITS = {"ежегодно": "year", "ежемесячно": "month", "еженедельно": "week", "ежедневно": "day"}


@_rule(
    r"\b(?:(?P<adv>ежегодно|ежемесячно|еженедельно|ежедневно)"
    r"|(?:кажд(?:ый|ую|ое|ые))\s+(?:(?P<n>" + NUMBER + r")\s+)?(?P<unit>" + UNIT + r"))(?!\w)"
)
def _every(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    unit = _SET_UNITS[m["adv"].lower()] if m["adv"] else _UNITS[m["unit"].lower()]
    amount = _number(m["n"]) if m["n"] else 1.0
    return _cand(m, duration_value(amount, unit), "SET")


# A clock time is taken only where Russian marks it as one: «в 10:30», «10:30 по местному времени».
@_rule(
    r"(?:(?<=\bв\s)|(?<=\bк\s)|(?<=\bдо\s)|(?<=\bс\s)|(?<=\bоколо\s))?"
    r"(?<![\d:.,])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?![\d:])"
    r"(?P<zone>\s+по\s+\w+\s+времени)?"
)
def _clock(m: re.Match[str], text: str, anchor: date | None) -> Candidate | None:
    before = text[max(0, m.start() - 6) : m.start()].lower()
    if not m["zone"] and not re.search(r"(?:^|\s)(?:в|к|до|с|около)\s$", before):
        return None  # «счёт 2:1», «10:30» in a list: not said to be a time
    clock = f"T{int(m['h']):02d}:{m['mi']}"
    c = _cand(m, (day_value(anchor) if anchor else "XXXX-XX-XX") + clock, "TIME", relative=anchor is not None)
    if c is not None:
        c.refers = "sentence-day"  # «5 июня … в 10:30»: the day named in its sentence
    return c


_REFS = {"сейчас": "PRESENT_REF", "ныне": "PRESENT_REF", "в настоящее время": "PRESENT_REF",
         "недавно": "PAST_REF", "в будущем": "FUTURE_REF", "в ближайшее время": "FUTURE_REF",
         "в прошлом": "PAST_REF"}  # fmt: skip
_DAY_WORDS = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_PARTS = {"утром": "MO", "днем": "AF", "днём": "AF", "вечером": "EV", "ночью": "NI"}
_SEASONS = {"весн": "SP", "лет": "SU", "осен": "FA", "зим": "WI"}
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total


def _weekday_number(word: str) -> int:
    return next(v for k, v in _WEEKDAYS.items() if word.lower().startswith(k))


def _candidates(text: str, anchor: date | None) -> list[tuple[Candidate, int]]:
    found: list[tuple[Candidate, int]] = []
    for order, (pattern, handler) in enumerate(_RULES):
        for m in pattern.finditer(text):
            c = handler(m, text, anchor)
            if c is not None and c.end > c.start:
                found.append((c, order))
    return found


def find_times_ru(
    text: str,
    *,
    anchor: str | None,
    article_id: str = "",
    anchored: str = "published",
) -> list[TimeExpr]:
    """Time expressions in Russian ``text``, in order, with exact offsets and TIMEX3 values.

    ``anchor`` is the publication date (YYYY-MM-DD) or None; ``anchored``
    ("published" or "window") is recorded on every expression whose value was
    computed from it, as ``find_times`` does for English.
    """
    kept = _settle(_candidates(text, parse_anchor(anchor)))
    _refer(text, kept)  # a clock time takes the day named in its sentence
    return time_records(article_id, text, kept, anchored)
