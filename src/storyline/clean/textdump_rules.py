"""Generic chrome patterns for the text-dump cleaner: phrase lists and line regexes.

Every pattern here describes a kind of page furniture found on many sites; none
names an outlet, a person or a topic.
"""

from __future__ import annotations

import re

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
    r"|related(?: news| articles?| stories| posts| content| tags| topics| coverage| reading)?"
    r"|more (?:from|on|in|news|stories|articles)\b.*|read (?:more|next|also)|see also|also read"
    r"|(?:most )?popular(?: news| articles| stories| now)?|most (?:read|viewed|shared|popular)"
    r"|trending(?: now| stories)?|recommended(?: for you| stories| articles)?|you (?:may|might) also like"
    r"|you just read|distribution channels|share (?:this|this article|this story|on)\b.*|tags?"
    r"|about the author|editor'?s picks?|latest (?:news|stories|articles)|top stories|don'?t miss"
    r"|читайте также|похожие новости|популярное|материалы по теме|lesen sie auch|mehr zum thema"
    r"|à lire aussi|lire aussi|sur le même sujet|leia também|lea también|noticias relacionadas"
    r")\s*[:.!]?$",
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
        "enter your email",
        "your inbox",
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
        "telephone:",
        "tel:",
        "sign in",
        "log in",
        "sign out",
    ),
}

# Short lines that are a whole chrome word: nav items, buttons, section labels.
_CHROME_WORDS = frozenset(
    """
    home menu search share tweet email print subscribe login log in sign up register advertise
    advertisement contact about close next previous prev back top more comments comment reply
    facebook twitter linkedin whatsapp telegram instagram youtube pinterest reddit vk rss
    weather currency rates news latest video videos photos gallery podcasts podcast live watch
    follow us follow newsletter newsletters save bookmark copy link copied submit send
    """.split()
)

# A line that is a photo caption or credit.
CAPTION_RE = re.compile(
    r"(?:photo|image|picture|pic|video|illustration|graphic|file photo|фото|foto|bild|imagen)"
    r"(?:\s+credit)?\s*(?::|by\b|©)|\bcredit\s*:|©|\(c\)\s|\bgetty images\b|\b(?:reuters|ap|afp)\s+(?:file\s+)?photo\b"
    r"|^\s*(?:above|pictured|top|main image)\s*:",
    re.IGNORECASE,
)

# Currency, stock and weather tickers: pairs like usd/kzt 450.16, temperatures like +26℃.
TICKER_RE = re.compile(
    r"\b[a-z]{3}/[a-z]{3}\b|[+-−]?\d+\s*°\s*[cf]?\b|℃|℉|\bcurrency rates?\b|\bweather\b|"
    r"\b(?:usd|eur|rub|gbp|cny|jpy|btc)\b.*\d+[.,]\d+",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"^\+?\d[\d\s().-]{7,}\d$")
BREADCRUMB_RE = re.compile(r"(?:\S.*\s)?(?:>|»|›|/|\|)\s*\S")
DATE_RE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"|(?:updated|published|posted)\b)",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(r"^(?:by|from|author|posted by|written by|reporting by|автор|von|par|por)\b\s*:?", re.I)
# Site statistics and counters ("There were 2,051 press releases posted in the last 24 hours").
STATS_RE = re.compile(r"\b(?:in|over) the (?:last|past) \d+ (?:hours|days|minutes)\b", re.IGNORECASE)


def chrome_reason(line: str) -> str | None:
    """The kind of chrome a stripped line is, judged from its words alone; None if it may be body."""
    low = line.lower()
    words = WORD_RE.findall(low)
    if not words:
        return "symbols"
    # Cookie banners run long; other chrome phrases only mark short lines, since prose may quote them.
    for reason, phrases in _CHROME_PHRASES.items():
        limit = 80 if reason == "cookie-notice" else 25
        if len(words) <= limit and any(p in low for p in phrases):
            return reason
    if len(words) <= 4 and " ".join(words) in _CHROME_WORDS | {"log in", "sign up", "follow us"}:
        return "navigation"
    if len(words) <= 12 and TICKER_RE.search(low):
        return "ticker"
    if PHONE_RE.match(line):
        return "phone"
    if len(words) <= 30 and CAPTION_RE.search(line):
        return "caption"
    if STATS_RE.search(low) and len(words) <= 30:
        return "site-stats"
    return None
