"""Russian page chrome: the same kinds of furniture as ``textdump_rules``, in Russian.

Kinds, not one outlet's strings: end-of-article headings («Читайте также»,
«Похожие новости»), share and bookmark buttons, calls to subscribe or follow (an
imperative opening the line), cookie and consent notices (the site speaking to the
reader about cookies), advertising labels (including the «erid» ad marking),
masthead and reprint notices, «Источник:» labels, publication stamps, view and
comment counters, currency and weather tickers, and menus (a short line made only
of section and button words). Every rule reads the whole line's shape (a whole
line, or its opening words), so prose using the same words inside a sentence stays.
Only lines with Cyrillic letters are looked at: English pages are never touched.
"""

from __future__ import annotations

import re

CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")

# A whole short line that ends the article: what follows is other stories or comments.
END_MARKER_RU_RE = re.compile(
    r"^(?:"
    r"читайте (?:также|ещё|еще|нас)|смотрите (?:также|ещё|еще)|см\. также"
    r"|(?:похожие|другие|последние|главные|свежие|актуальные) (?:новости|материалы|статьи|публикации)"
    r"|(?:новости|материалы|статьи|ещё|еще|больше) по теме|по теме|в тему"
    r"|(?:самое|самые) (?:читаемое|популярное|обсуждаемое|важное|интересное)|популярное|рекомендуем"
    r"|выбор редакции|главное(?: за (?:день|сутки|неделю)| сегодня)?|вам (?:может|могут) быть интересн\w+"
    r"|комментарии(?: \(\d+\)| \d+)?|\d+ комментари\w*|оставить комментарий|добавить комментарий"
    r"|обсуждение|теги|метки|темы|лента новостей|все новости(?: раздела| по теме)?|новости партнеров|новости партнёров"
    r")\s*(?:[:.!]|\.\.\.|…)?$",
    re.IGNORECASE,
)

# Whole-line labels of menus and buttons; a line made only of these words is navigation.
_NAV_WORDS = frozenset(
    {
        "главная", "новости", "политика", "экономика", "общество", "спорт", "культура", "мир", "в", "мире",
        "происшествия", "регионы", "мнения", "аналитика", "интервью", "видео", "фото", "фотогалерея",
        "галерея", "подкасты", "меню", "поиск", "войти", "вход", "регистрация", "выйти", "контакты", "о",
        "нас", "проекте", "проект", "редакция", "реклама", "рекламодателям", "вакансии", "архив", "rss",
        "наверх", "далее", "назад", "ещё", "еще", "показать", "загрузить", "подробнее", "читать", "полностью",
        "рус", "eng", "ru", "en", "лента", "карта", "сайта", "мобильная", "полная",
        "версия", "технологии", "наука", "здоровье", "авто", "бизнес", "финансы",
        "спецпроекты", "афиша", "погода", "курсы", "валют", "курс", "статьи", "блоги",
    }
)  # fmt: skip
# Share and bookmark buttons and social networks.
_SHARE_WORDS = frozenset(
    {
        "поделиться", "поделитесь", "отправить", "копировать", "скопировать", "ссылку", "ссылка",
        "скопирована", "сохранить", "закладки", "в", "распечатать", "печать", "версия", "для", "печати",
        "вконтакте", "вк", "одноклассники", "ок", "телеграм", "telegram", "дзен", "мой", "мир", "whatsapp",
        "facebook", "twitter", "x", "vk", "ok", "email", "почта", "viber",
    }
)  # fmt: skip
# An imperative at the start of a line asks the reader to act: subscribe, follow, read us elsewhere.
_CALL_RE = re.compile(
    r"^(?:подписывайтесь|подпишитесь|подписаться|читайте (?:нас|наши|новости|нашу|наш)"
    r"|следите за (?:нами|новостями|обновлениями|нашими)"
    r"|присоединяйтесь|скачайте|скачивайте|установите (?:наше )?приложение|оставайтесь с нами"
    r"|узнавайте (?:первыми|больше|новости)|больше (?:новостей|материалов|интересного) (?:в|на)"
    r"|все (?:главные )?новости (?:в|на) (?:нашем|telegram|телеграм)|(?:нажмите|жмите) (?:на|здесь|сюда|кнопку|ctrl)"
    r"|переходите (?:по ссылке|на (?:наш )?сайт)"
    r"|(?:нашли|заметили) (?:ошибку|опечатку))\b",
    re.IGNORECASE,
)
# The site speaking to its reader about cookies and personal data.
_COOKIE_RE = re.compile(
    r"(?:мы используем|сайт использует|используются|использует|применяем)[^.]{0,40}(?:cookie|куки)"
    r"|(?:cookie|куки)[^.]{0,60}(?:для|чтобы)[^.]{0,40}(?:сайт|удобн|работ)"
    r"|продолжая (?:использовать|пользоваться|просмотр|работу с)[^.]{0,30}(?:сайт|ресурс|портал)"
    r"|(?:согласие|соглашаетесь|соглашаюсь) (?:на|с) (?:обработк\w+|использовани\w+)"
    r"|политик\w+ конфиденциальности|пользовательск\w+ соглашени\w+|политик\w+ (?:использования|в отношении) (?:файлов )?cookie",
    re.IGNORECASE,
)
# Advertising labels, the «erid» token every Russian online ad must carry, age ratings.
_AD_RE = re.compile(
    r"^(?:реклама|на правах рекламы|партн[её]рский материал|спецпроект|промо|специальный проект)"
    r"\s*(?:[.:]|\d\d?\+|$)|\berid\s*:?\s*\w{5,}",
    re.IGNORECASE,
)
# Masthead, reprint and copyright notices.
_MASTHEAD_RE = re.compile(
    r"(?:при (?:использовании|цитировании|перепечатке)[^.]{0,60}(?:ссылка|гиперссылка)"
    r"|перепечатка[^.]{0,40}(?:запрещена|разрешена|только)"
    r"|свидетельство о регистрации (?:сми|средства массовой информации)|эл\s*№\s*фс|регистрационный номер сми"
    r"|все права (?:защищены|принадлежат)|^учредитель\s*:|^главный редактор\s*:|^18\+$|^16\+$|^12\+$)",
    re.IGNORECASE,
)
# «Источник: Минфин», «Фото: пресс-служба», «Автор фото: ...»: a credit label, not prose.
_SOURCE_RE = re.compile(
    r"^(?:источник|фото|фотография|видео|иллюстрация|автор фото|скриншот|инфографика|коллаж"
    r"|текст|редактор|корреспондент)\s*:",
    re.IGNORECASE,
)
_MONTH = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
# Publication stamps: «Обновлено: 12:30», «5 июня 2024, 14:30», «Сегодня, 09:15».
_STAMP_RE = re.compile(
    r"^(?:(?:обновлено|опубликовано|дата публикации|изменено|добавлено|размещено|создано)\b"
    r"|(?:\d{1,2}:\d\d,?\s+)?\d{1,2}\s+"
    + _MONTH
    + r"(?:\s+\d{4})?(?:\s*(?:г\.|года))?,?(?:\s+(?:в\s+)?\d{1,2}:\d\d)?$"
    r"|(?:сегодня|вчера),?\s+(?:в\s+)?\d{1,2}:\d\d$)",
    re.IGNORECASE,
)
# «Просмотров: 1234», «1 234 просмотра», «Время чтения: 3 мин», «3 мин. чтения».
_COUNTER_RE = re.compile(
    r"^(?:просмотр\w*|комментари\w*|время чтения|читать)\s*:?\s*[\d\s]+(?:мин\w*\.?)?$"
    r"|^[\d\s]+(?:просмотр\w*|комментари\w*|мин\w*\.? чтения)$",
    re.IGNORECASE,
)
# Currency and commodity tickers: «USD 450.12 ▲», «Доллар 450,12 -0,3», «Курсы валют», «Нефть Brent 82,40».
_TICKER_RE = re.compile(
    r"(?:\b(?:usd|eur|rub|cny|gbp|доллар\w*|евро|рубл\w*|юан\w*|нефть|золото|brent|биткоин\w*)\b"
    r".*\d[.,]\d|[▲▼↑↓]|\bкурс\w* валют|\bпогода\b)",
    re.IGNORECASE,
)


def is_end_marker_ru(line: str) -> bool:
    """«Читайте также», «Похожие новости», «Комментарии (3)»: the article is over."""
    return bool(CYRILLIC_RE.search(line)) and bool(END_MARKER_RU_RE.match(line.strip()))


def chrome_reason_ru(line: str) -> str | None:
    """The kind of Russian chrome a stripped line is, or None (it may be body, or is not Russian)."""
    if not CYRILLIC_RE.search(line):
        return None
    low = line.lower()
    words = _WORD_RE.findall(low)
    n = len(words)
    if n <= 80 and _COOKIE_RE.search(low) and ("cookie" in low or "куки" in low or n <= 40):
        return "cookie-notice"
    if n <= 40 and _MASTHEAD_RE.search(low):
        return "copyright"
    if n <= 40 and _CALL_RE.match(low):
        return "call-to-action"
    if n <= 30 and _AD_RE.search(low):
        return "advertising"
    if n <= 6 and all(w in _SHARE_WORDS for w in words):
        return "share"
    if n <= 8 and all(w in _NAV_WORDS or w in _SHARE_WORDS for w in words):
        return "navigation"
    if n <= 12 and _SOURCE_RE.match(low) and not low.rstrip().endswith(("!", "?")):
        return "caption"
    if n <= 10 and _STAMP_RE.match(low):
        return "date"
    if n <= 8 and _COUNTER_RE.match(low):
        return "counter"
    if n <= 10 and _TICKER_RE.search(low) and not re.search(r"[а-яё]{3,}[.!?]$", low):
        return "ticker"
    if n <= 25 and re.match(r"^(?:читайте|смотрите) (?:также|ещё|еще)\s*:\s*\S", low):
        return "related-link"
    return None
