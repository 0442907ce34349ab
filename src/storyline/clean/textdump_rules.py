"""Generic chrome patterns for the text-dump cleaner: phrase lists and line regexes.

Every pattern here describes a kind of page furniture found on many sites; none
names an outlet, a person or a topic.
"""

from __future__ import annotations

import re

from storyline.clean.chrome_ru import chrome_reason_ru

# Bullets a browser or html2text puts in front of list items.
BULLET_RE = re.compile(r"^(?:[*+o•·▪►▸‣◦#@]|\d{1,2}[.)]?)\s+|^[*+•]$")
# Dash-introduced direct speech ("- We have clear guidelines.") is body, not a list item.
DASH_RE = re.compile(r"^[-–—]\s+")
SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
SENTENCE_SPLIT_RE = re.compile(r"[.!?…。！？][\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯЁ0-9])")
WORD_RE = re.compile(r"\w+", re.UNICODE)

# A whole short line that ends the article: what follows is comments, related lists, wire chrome.
END_MARKER_RE = re.compile(
    r"^(?:"
    r"leave a (?:reply|comment)|post (?:a )?comment.*|comments?(?: \(\d+\))?|\d+ comments?|add (?:a )?comment"
    r"|related(?: news| articles?| stories| posts| content| tags| topics| coverage| reading| links| videos?)?"
    r"|explore further|further reading|more information|useful links"
    r"|more (?:from|on|in|news|stories|articles)\b.*|read (?:more|next|also)|see also|also read"
    r"|(?:most )?popular(?: news| articles| stories| now)?|most (?:read|viewed|shared|popular)"
    r"|trending(?: now| stories)?|recommended(?: for you| stories| articles)?|you (?:may|might) also like"
    r"|you just read|distribution channels|share (?:this|this article|this story|on)\b.*|tags?"
    r"|about the author|editor'?s picks?|latest (?:news|stories|articles)|top stories|don'?t miss"
    r"|читайте также|похожие новости|популярное|материалы по теме|lesen sie auch|mehr zum thema"
    r"|новости по теме|quick links|useful links|about [\w&.-]+(?: [\w&.-]+){0,2}|share this (?:article|story|post)"
    r"|à lire aussi|lire aussi|sur le même sujet|leia também|lea también|noticias relacionadas"
    r"|(?:sobre|über|acerca de|à propos de) [\w&.-]+(?: [\w&.-]+){0,2}"
    r")\s*(?:[:.!]|\.\.\.|…)?$",
    re.IGNORECASE,
)

# Phrases that mark a line as chrome wherever it stands (matched case-insensitively, anywhere).
_CHROME_PHRASES: dict[str, tuple[str, ...]] = {
    "cookie-notice": (
        "we use cookies",
        "use of cookies",
        "uses cookies",
        "cookie policy",
        "cookie settings",
        "accept cookies",
        "accept all cookies",
        "by continuing to browse",
        "by continuing to use",
        "by using this website",
        "by using the website",
        "by using our site",
        "this site uses",
        "this website uses",
        "necessary cookies",
        "privacy overview",
        "privacy policy",
        "utilizamos cookies",
        "wir verwenden cookies",
        "nous utilisons des cookies",
        "мы используем cookie",
    ),
    "comment-form": (
        "your email address will not be published",
        "required fields are marked",
        "you must be logged in to post",
        "leave a reply",
        "cancel reply",
        "save my name, email",
        "be the first to comment",
        "comments are closed",
        "join the conversation",
        "log in to comment",
        "notify me of",
    ),
    "newsletter": (
        "sign up for our",
        "sign up to our",
        "subscribe to our",
        "subscribe now",
        "get breaking news",
        "delivered to your inbox",
        "newsletter",
        "newsletters",
        "enter your email",
        "your inbox",
        "successfully subscribed",
        "succesfully subscribed",
        "activation link",
        "activate your subscription",
    ),
    "app-promo": (
        "download our app",
        "get the app",
        "our app",
        "for ios",
        "app store",
        "google play",
        "don't miss any breaking news",
        "don’t miss any breaking news",
    ),
    "press-wire": (
        "submit release",
        "press releases posted",
        "distribution channels",
        "you just read",
        "source transparency",
        "editors try to be careful",
        "news search",
    ),
    "copyright": (
        "all rights reserved",
        "все права защищены",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "todos los derechos reservados",
        "reproduction in whole or in part",
        "may not be reproduced",
        "subject to copyright",
        "for the purpose of private study",
        "without permission",
    ),
    "share": (
        "share on facebook",
        "share on twitter",
        "share this",
        "share via",
        "follow us on",
        "click to share",
        "share article",
        "print this",
        "email this",
    ),
    "advertising": (
        "advertisement",
        "advertise with us",
        "sponsored content",
        "scroll to continue",
        "story continues below",
        "continue reading below",
    ),
    "site-notice": (
        "javascript is disabled",
        "enable javascript",
        "your browser",
        "ad blocker",
        "adblock",
        "terms of use",
        "terms of service",
        "terms and conditions",
        "contact us",
        "about us",
        "go to the main site",
        "skip to content",
        "skip to main content",
        "main page",
        "company no",
        "vat no",
        "sign in",
        "log in",
        "sign out",
    ),
}


# Phrases indexed by their first word: matching token runs is linear in the line, where a
# regex alternation of a hundred literals costs tens of microseconds per line.
_PHRASE_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _reason, _phrases in _CHROME_PHRASES.items():
    for _phrase in _phrases:
        _tokens = tuple(WORD_RE.findall(_phrase))
        _PHRASE_INDEX.setdefault(_tokens[0], []).append((_tokens, _reason))
# Reasons whose phrases mark even long lines: cookie banners and copyright notices run long.
_LONG_CHROME = ("cookie-notice", "copyright")


def phrase_reason(words: list[str]) -> str | None:
    """The chrome kind of the first known phrase in a line's lowercased words."""
    found: str | None = None
    for i, word in enumerate(words):
        for tokens, reason in _PHRASE_INDEX.get(word, ()):
            if tuple(words[i : i + len(tokens)]) == tokens:
                if reason in _LONG_CHROME or len(words) <= 25:
                    return reason
                found = found or reason
    return None if len(words) > 25 else found


# Cheap substring gate before the caption regex, which is slow on long lines.
_CAPTION_HINTS = (
    "photo",
    "caption",
    "(ap",
    "/ ap",
    "reuters",
    "afp",
    "epa",
    "upi",
    "image",
    "pic",
    "video",
    "illustration",
    "graphic",
    "фото",
    "foto",
    "bild",
    "credit",
    "©",
    "(c) ",
    "getty",
    "above",
    "top",
    "main",
)


# Short lines that are a whole chrome word: nav items, buttons, section labels.
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CHROME_WORDS = _word_set(
    """
    home menu search share tweet email print subscribe login log in sign up register advertise
    advertisement contact about close next previous prev back top more comments comment reply
    facebook twitter linkedin whatsapp telegram instagram youtube pinterest reddit vk rss
    weather currency rates news latest video videos photos gallery podcasts podcast live watch
    follow us follow newsletter newsletters save bookmark copy link copied submit send
    """
)

# Whole-line navigation labels: single chrome words and the few two-word buttons.
_NAV_LABELS = _CHROME_WORDS | {"log in", "sign up", "follow us"}
_SHARE_WORDS = _word_set("google pint pin it mail messenger skype viber voltar zurück retour volver назад")
# "Citation: Title (2019, November 18) retrieved 20 November 2019 from https://..."
CITATION_RE = re.compile(r"^citation\s*:|\bretrieved\b.*\bfrom https?://", re.IGNORECASE)

# A line that is a photo caption or credit.
# Matched against the lowercased line (IGNORECASE makes long alternations slow).
CAPTION_RE = re.compile(
    r"(?:photo|image|picture|pic|video|illustration|graphic|фото|foto|bild|imagen)(?: credit)? ?(?::|by\b|©)"
    r"|\bcredit ?:|©|\(c\) |\bgetty images\b|\b(?:reuters|ap|afp) (?:file )?photo\b|\bfile photo\b"
    r"|^(?:above|pictured|top|main image) ?:|\((?:ap|afp|reuters|getty)(?: photo)?\)$"
    r"|\((?:ap|afp|reuters|epa|upi|xinhua|tass|getty)[ -](?:photo|images?)\b|\bphoto/[a-z]"
    # A wire agency's credit closing the line: "... J. Doe / AP file", "... (AP)".
    r"|[/(] ?(?:ap|afp|reuters|epa|upi|getty)(?: photo| file| images)? ?\)?$"
    # Labels a page puts before a caption or its credit for screen readers: "Image caption ...".
    r"|^(?:image|media|video|photo) (?:caption|copyright|source)\b"
)

# Currency, stock and weather tickers: pairs like usd/kzt 450.16, temperatures like +26℃.
TICKER_RE = re.compile(
    r"\b[a-z]{3}/[a-z]{3}\b|\d ?°|℃|℉|\bcurrency rates?\b|\bweather\b"
    r"|\b(?:usd|eur|rub|gbp|cny|jpy|btc)\b.*\d[.,]\d"
)
APP_RE = re.compile(r"^(?:get|download|install|try) (?:the|our)\b.*\bapp\b", re.IGNORECASE)
NON_LATIN_RE = re.compile(r"[^\x00-\u024f\s\W]")
PUNCT_RE = re.compile(r"[.,;:!?。、，]")
PHONE_RE = re.compile(r"^(?:tel|telephone|phone|fax)\s*:|^\+?\d[\d\s().-]{7,}\d$")
# "Home > World > Europe": the separators of a breadcrumb trail.
BREADCRUMB_RE = re.compile(r"\s[>»›]\s|\s[>»›]$")
DATE_RE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"|(?:updated|published|posted)\b)",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(
    r"^(?:by|from|author|posted by|written by|reporting by|автор|von|par|por)\b\s*:?", re.I
)
# "Updated at 1:23 p.m.", "Published: Monday, November 18th, 2019": a time stamp, even with a full stop.
STAMP_RE = re.compile(r"^(?:last |first )?(?:updated|published|posted|modified)\b", re.IGNORECASE)
# Site statistics and counters ("There were 2,051 press releases posted in the last 24 hours").
STATS_RE = re.compile(r"\b(?:in|over) the (?:last|past) \d+ (?:hours|days|minutes)\b", re.IGNORECASE)


# A sentence that asks the reader to act (sign up, follow, write in): a promo or a sign-off, not reporting.
# Only at a sentence's start, where news prose rarely uses the imperative ("Readers who subscribe ..."
# stays), and never inside quotation marks (a quoted "Join us," is speech).
CALL_RE = re.compile(
    r"(?:^|[.!?…]\s+)(?:"
    r"sign up\b|subscribe (?:to|now|today|here|for)\b|click here\b|follow (?:us|him|her|them|me)\b"
    r"|join (?:us|our)\b|tell us\b|let us know\b|(?:e-?mail|write to|send|contact) us\b|find us on\b"
    r"|get (?:access|breaking|the latest)\b|don'?t miss\b|no spam\b|have a (?:news )?tip\b"
    r"|download (?:the|our)\b"
    r")",
    re.IGNORECASE,
)
# A call to action this long is a paragraph of prose that happens to end with one.
MAX_CALL_WORDS = 60


# "Related: Bridge repairs close the ring road", "Read more: ...": a link to another story set into this one.
RELATED_LINK_RE = re.compile(
    r"^(?:related(?: \w+)?|read (?:more|also|next)|see also|also read|more on this)\s*:\s*\S", re.IGNORECASE
)


# Page source leaking into the text (an editor's markers, escaped tags, attributes): never prose.
MARKUP_RE = re.compile(r"&lt;/?[a-z]|</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|\s(?:class|style|data-[\w-]+)=[\"']")


# A line with fewer words than this once its markup is taken out is the markup's line.
MARKUP_PROSE_WORDS = 8


def is_markup(line: str) -> bool:
    """Page source rather than prose: markup and too few words besides it, or mostly markup.
    A sentence with a tag inside it (an injected link, an inline image) is still body text."""
    low = line.lower()
    found = list(MARKUP_RE.finditer(low))
    if not found:
        return False
    prose_words = len(WORD_RE.findall(MARKUP_RE.sub(" ", low)))
    markup_chars = sum(len(m.group()) for m in found)
    return prose_words < MARKUP_PROSE_WORDS or 2 * markup_chars > len(line)


# A headline run into its blurb with no space: "...Cider MillsFall has arrived", "...Rise?Violence is".
TEASER_JOIN_RE = re.compile(r"[a-z]{3}[?!]?[A-Z][a-z]")
# Only a join inside the first stretch of the line counts: that is where a teaser's headline ends.
TEASER_HEAD_CHARS = 160


def is_teaser_join(line: str) -> bool:
    """True for a headline glued to its blurb: a title-case run, then a lowercase-uppercase join."""
    m = TEASER_JOIN_RE.search(line, 0, TEASER_HEAD_CHARS)
    if m is None:
        return False
    head = line[: m.start() + 3].split()
    tail = line[m.start() + 3 :].split(maxsplit=1)
    # A blurb goes on after the joined word; a handle (@SomeName) or a brand at a line's end does not.
    if len(tail) < 2 or "@" in head[-1] or not tail[0][-1].isalpha():
        return False
    # Brand names (PowerPoint, YouTube) occur in prose too; a teaser's head reads as a title.
    titled = sum(1 for w in head if w[0].isupper() or w[0].isdigit())
    return len(head) >= 3 and titled * 3 >= len(head) * 2


# A headline run into its blurb across a space: "... will be auctioned The auction, scheduled ...". In
# prose a lowercase word is not followed by a sentence's capitalised first word without punctuation.
TEASER_SPACE_RE = re.compile(r"^[^.!?:;]{15,140}?\b[a-z]{3,} (?:The|A|An|In|On|At|After|According) [a-z]")


def chrome_reason(line: str) -> str | None:
    """The kind of chrome a stripped line is, judged from its words alone; None if it may be body."""
    low = line.lower()
    words = WORD_RE.findall(low)
    if not words:
        return "symbols"
    reason_ru = chrome_reason_ru(line)  # None at once for a line with no Cyrillic
    if reason_ru is not None:
        return reason_ru
    # Cookie banners run long; other chrome phrases only mark short lines, since prose may quote them.
    if len(words) <= 80:
        reason = phrase_reason(words)
        if reason is not None:
            return reason
    if len(words) <= 12 and TICKER_RE.search(low):
        return "ticker"
    if len(words) <= 4 and " ".join(words) in _NAV_LABELS:
        return "navigation"
    if len(words) <= 8 and all(w in _CHROME_WORDS or w in _SHARE_WORDS for w in words):
        return "share"
    if all(w.isdigit() for w in words) and len(words) <= 3:
        return "counter"
    if len(words) <= 30 and ("citation" in low or "retrieved" in low) and CITATION_RE.search(low):
        return "citation"
    if PHONE_RE.match(line):
        return "phone"
    if len(words) <= 30 and any(h in low for h in _CAPTION_HINTS) and CAPTION_RE.search(low):
        return "caption"
    if len(words) <= 25 and BYLINE_RE.match(line) and DATE_RE.search(line):
        return "byline"
    if len(words) <= 14 and STAMP_RE.match(line) and DATE_RE.search(line, 4):
        return "date"
    if APP_RE.search(line) and len(words) <= 12:
        return "app-promo"
    if ("<" in line or "&lt;" in line or "=" in line) and is_markup(line):
        return "markup"
    if len(words) <= 25 and RELATED_LINK_RE.match(line):
        return "related-link"
    if len(words) <= MAX_CALL_WORDS and CALL_RE.search(line):
        return "call-to-action"
    if len(words) >= 3 and all(len(w) <= 3 for w in words) and NON_LATIN_RE.search(line):
        return "language-switcher"
    if len(words) >= 25 and not PUNCT_RE.search(line):
        return "keyword-list"
    if len(words) >= 6 and (is_teaser_join(line) or TEASER_SPACE_RE.search(line)):
        return "teaser"
    if len(words) <= 30 and ("last" in low or "past" in low) and STATS_RE.search(low):
        return "site-stats"
    return None
