"""Names of one government body that outlets word differently.

"Ministry of Foreign Affairs of X", "X Foreign Ministry", "Foreign Ministry of X" and
"X's Foreign Ministry" are one body; so are "Department of State", "State Department"
and "U.S. State Department". ``institution_key`` gives such names a shared key:
the country they are qualified by (a leading name, code or adjective, a trailing
"of <country>" or a possessive) and the body itself with its head noun last
("ministry of foreign affairs" -> "foreign ministry"). Only names whose head is a
body word (``HEADS``) get one: "Bank of America" and "University of Texas" keep
their own names. Countries come from countryinfo (names, other spellings, ISO
codes written in capitals, demonyms, and "-stan" stems: "Kazakh", "Uzbek").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from storyline.entities.keys import fold_chars, fold_word
from storyline.script import has_cyrillic

# Head nouns of government bodies whose "HEAD of X" and "X HEAD" forms are one name.
HEADS = frozenset(
    {"ministry", "department", "office", "agency", "bureau", "service", "directorate", "secretariat"}
)
# Words a body's name may drop without naming another body.
_DROPPED = frozenset({"affairs", "the"})
_SPLIT = re.compile(r"[\s\-‐–/]+")
_POSSESSIVE = re.compile(r"['’]s$")
_LONGEST_COUNTRY = 5  # words


@cache
def _countries() -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """(casefolded name, other spelling, demonym or stem -> (ISO code, population)),
    (code written in capitals -> the same)."""
    from countryinfo import all_countries

    words: dict[str, tuple[str, int]] = {}
    codes: dict[str, tuple[str, int]] = {}

    def put(table: dict[str, tuple[str, int]], key: str, value: tuple[str, int]) -> None:
        # Where two countries share a word ("American", "Congolese"), the larger has it.
        if key and (key not in table or table[key][1] < value[1]):
            table[key] = value

    for country in all_countries():
        iso = country.iso()
        code = iso.get("alpha2")
        name = country.name()
        if not code or not name:
            continue
        value = (str(code), int(country.population() or 0))
        forms = [name, country.demonym() or ""]
        for alt in country.alt_spellings() or []:
            if alt.isascii() and alt.replace(".", "").isupper():
                put(codes, alt.replace(".", ""), value)
            elif alt.isascii():
                forms.append(alt)
        for form in forms:
            put(words, _fold(form), value)
        stem = _fold(name)
        for suffix in ("istan", "stan"):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
                put(words, stem[: -len(suffix)], value)
                break
        put(codes, str(code), value)
        put(codes, str(iso.get("alpha3") or ""), value)
    return words, codes


def _fold(text: str) -> str:
    return " ".join(fold_chars(text).replace(".", "").split())


def country_code(tokens: list[str]) -> str | None:
    """The ISO code of the country these words name ("U.S.", "United States", "American",
    "the Republic of Kazakhstan", "Kazakh"), else None. A code counts only in capitals."""
    words, codes = _countries()
    tokens = [_POSSESSIVE.sub("", t) for t in tokens]
    if tokens and tokens[0].casefold() == "the":
        tokens = tokens[1:]
    if len(tokens) == 1 and tokens[0].replace(".", "").isupper():
        hit = codes.get(tokens[0].replace(".", ""))
        if hit is not None:
            return hit[0]
    hit = words.get(_fold(" ".join(tokens))) if tokens else None
    return hit[0] if hit is not None else None


@lru_cache(maxsize=1 << 16)
def institution_key(name: str) -> tuple[str, str] | None:
    """(country code or "", the body's key) of a government body's name, else None.

    "Kazakh Ministry of Foreign Affairs" -> ("KZ", "foreign ministri"); "Department of
    State" -> ("", "state department"). Words are folded as ``keys.name_key`` does.
    Other organisations led by a country ("US Federal Reserve") are left alone: on
    MEANTIME that fold gains recall (B-cubed F1 0.854 -> 0.859) but merges one pair its
    gold keeps apart, and precision may not drop. A Russian name gets the key of its
    English form (``russian_body``: «МИД Казахстана» -> ("KZ", "foreign ministri")).
    """
    if has_cyrillic(name):
        return russian_body(name)
    tokens = [t for t in _SPLIT.split(name.strip()) if t]
    if tokens and tokens[0].casefold() == "the":
        tokens = tokens[1:]
    lead = ""
    # A leading country: the longest run of words that names one.
    for n in range(min(_LONGEST_COUNTRY, len(tokens) - 1), 0, -1):
        code = country_code(tokens[:n])
        if code is not None:
            lead, tokens = code, tokens[n:]
            break
    return _body(tokens, lead)


def _body(tokens: list[str], country: str) -> tuple[str, str] | None:
    """(country, body key) when the words name a government body, else None."""
    # A trailing "of <country>": "Foreign Ministry of Kazakhstan" (bodies only: "Bank of
    # America" is not America's bank). The longest such run wins ("... of the Republic of X").
    for at in (i for i, t in enumerate(tokens) if t.casefold() == "of" and 0 < i < len(tokens) - 1):
        code = country_code(tokens[at + 1 :]) if len(tokens) - at - 1 <= _LONGEST_COUNTRY else None
        if code is not None and (not country or code == country):
            country, tokens = code, tokens[:at]
            break
    core = [w for w in map(_word, tokens) if w and w not in _DROPPED]
    # "HEAD of X" / "HEAD for X" -> "X HEAD".
    if len(core) >= 3 and core[0] in HEADS and core[1] in ("of", "for"):
        core = [*core[2:], core[0]]
    if len(core) < 2 or core[-1] not in HEADS or any(w in ("of", "for", "and") for w in core):
        return None
    return country, " ".join(fold_word(w) for w in core)


def _word(token: str) -> str:
    return fold_chars(token).replace(".", "")


# Russian short forms of country names; CLDR (through Babel) gives the full names.
_RUSSIAN_SHORT = {
    "сша": "US",
    "соединенные штаты америки": "US",
    "рф": "RU",
    "российская федерация": "RU",
    "кнр": "CN",
    "кндр": "KP",
    "оаэ": "AE",
    "фрг": "DE",
    "юар": "ZA",
    "британия": "GB",
    "соединенное королевство": "GB",
    "кыргызстан": "KG",
}


@cache
def _russian_countries() -> dict[str, str]:
    """Casefolded Russian country name -> ISO code (CLDR's names, and the short forms above)."""
    from babel import Locale

    names = {
        " ".join(name.casefold().replace("ё", "е").split()): code
        for code, name in Locale("ru").territories.items()
        if len(code) == 2 and code.isalpha()
    }
    return names | _RUSSIAN_SHORT


@lru_cache(maxsize=1 << 12)
def english_country(name: str) -> str | None:
    """The English name of the country a Cyrillic name names («США», «Соединённые Штаты»,
    «Германия» -> "United States", "United States", "Germany"), else None. Romanising
    does not get there ("Rossiya" is not "Russia")."""
    if not has_cyrillic(name):
        return None
    code = _russian_countries().get(" ".join(name.casefold().replace("ё", "е").split()))
    if code is None:
        return None
    from babel import Locale

    english = Locale("en").territories.get(code)
    return str(english) if english else None


# Russian names of government bodies (lowercase, nominative; «ё» as «е») -> the English
# words of the same body, keyed as English names are; «Госдепартамент» is the United
# States'. Full names and the usual short forms.
_RUSSIAN_BODIES = {
    "мид": "Foreign Ministry",
    "министерство иностранных дел": "Foreign Ministry",
    "минобороны": "Defense Ministry",
    "министерство обороны": "Defense Ministry",
    "минфин": "Finance Ministry",
    "министерство финансов": "Finance Ministry",
    "минюст": "Justice Ministry",
    "министерство юстиции": "Justice Ministry",
    "мвд": "Ministry of Internal Affairs",
    "министерство внутренних дел": "Ministry of Internal Affairs",
    "минздрав": "Health Ministry",
    "министерство здравоохранения": "Health Ministry",
    "минобразования": "Education Ministry",
    "министерство образования": "Education Ministry",
    "минэнерго": "Energy Ministry",
    "министерство энергетики": "Energy Ministry",
    "минэкономики": "Economy Ministry",
    "министерство экономики": "Economy Ministry",
    "минсельхоз": "Agriculture Ministry",
    "министерство сельского хозяйства": "Agriculture Ministry",
    "минкультуры": "Culture Ministry",
    "министерство культуры": "Culture Ministry",
    "минтранс": "Transport Ministry",
    "министерство транспорта": "Transport Ministry",
    "госдепартамент": "State Department",
    "госдеп": "State Department",
}
_RUSSIAN_US_ONLY = frozenset({"госдепартамент", "госдеп"})
_LONGEST_BODY = 4  # words
# Adjectives whose stem does not begin the country's Russian name.
_RUSSIAN_ADJECTIVES = {
    "американ": "US",
    "англий": "GB",
    "британ": "GB",
    "киргиз": "KG",
    "кыргыз": "KG",
    "француз": "FR",
    "немец": "DE",
    "турец": "TR",
    "грузин": "GE",
    "армян": "AM",
    "белорус": "BY",
    "итальян": "IT",
    "швед": "SE",
    "норвеж": "NO",
    "фин": "FI",
}
_ADJECTIVE_END = re.compile(r"с?к(?:ий|ой|ого|ому|им|ом|ая|ую|ое|ие|их|ими)$")


def russian_body(name: str) -> tuple[str, str] | None:
    """(country code or "", the body's key) of a Russian government body's name:
    «МИД Казахстана», «Министерство иностранных дел Республики Казахстан», «казахстанский
    МИД», «Минобороны РФ», «Госдепартамент США»; None for any other name."""
    words = [w.replace("ё", "е") for w in _SPLIT.split(name.strip().casefold()) if w]
    for n in range(min(_LONGEST_BODY, len(words)), 0, -1):
        for at in range(len(words) - n + 1):
            body = " ".join(words[at : at + n])
            if body not in _RUSSIAN_BODIES:
                continue
            before, after = words[:at], words[at + n :]
            if len(before) > 1 or (before and after):
                return None
            country = _russian_country(after) if after else _russian_adjective(before[0]) if before else ""
            if country is None or (body in _RUSSIAN_US_ONLY and country not in ("", "US")):
                return None
            if body in _RUSSIAN_US_ONLY:
                country = "US"
            english = _body(_RUSSIAN_BODIES[body].split(), country)
            return english
    return None


def _russian_country(words: list[str]) -> str | None:
    """The ISO code of a country named in the genitive after a body («Казахстана»,
    «Республики Казахстан», «РФ», «Соединенных Штатов»), else None."""
    from storyline.morph import morph

    if words and words[0] in ("республики", "республика"):
        words = words[1:]
    countries = _russian_countries()
    if not words:
        return None
    if (code := countries.get(" ".join(words))) is not None:
        return code
    nominative = []
    for word in words:
        parses = [p for p in morph().parse(word) if "gent" in p.tag]
        form = parses[0].inflect({"nomn"}) if parses else None
        nominative.append(str(form.word) if form is not None else word)
    return countries.get(" ".join(nominative).replace("ё", "е"))


def _russian_adjective(word: str) -> str | None:
    """The ISO code of the country a Russian adjective before a body names («казахстанский»,
    «российского», «перуанский»), else None: exactly one country's name and its stem
    begin one another."""
    stem = _ADJECTIVE_END.sub("", word)
    if stem == word:
        return None
    for prefix, code in _RUSSIAN_ADJECTIVES.items():
        if stem.startswith(prefix):
            return code
    # The stem begins the name («казахстан-ский», «поль-ский», «монгол(ь)-ский»), or the
    # name begins it («перу-ан-ский»).
    stems = {x for x in (stem, stem.rstrip("йь")) if len(x) >= 4}
    codes = {
        code
        for country, code in _russian_countries().items()
        for x in stems
        if country.startswith(x) or (len(country) >= 4 and x.startswith(country))
    }
    return codes.pop() if len(codes) == 1 else None
