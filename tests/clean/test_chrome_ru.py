"""Russian page chrome (clean/chrome_ru.py) in the text-dump and HTML cleaners.

The pages are made up for this test (no outlet's page is copied): a text dump and an
HTML page of a small city newspaper, with the furniture Russian news sites carry.
"""

from __future__ import annotations

import pytest

from storyline.clean.chrome_ru import chrome_reason_ru, is_end_marker_ru
from storyline.clean.htmlpage import extract_html
from storyline.clean.textdump import classify, extract_text_dump
from storyline.clean.textdump_rules import chrome_reason
from storyline.model import Extraction

P1 = (
    "Городской совет во вторник одобрил продление ночных автобусных маршрутов до трёх окраинных районов, "
    "завершив спор, который длился почти два года."
)
P2 = (
    "По словам депутатов, новые маршруты начнут работать в марте и обойдутся примерно в четыре миллиона "
    "рублей в год, которые покроет небольшое повышение платы за парковку в центре."
)
P3 = (
    "Жители окраин жаловались, что последний автобус уходит раньше, чем заканчиваются смены в ресторанах "
    "и больницах, и людям приходится идти пешком или платить за такси."
)
P4 = "Транспортное управление опубликует новое расписание в следующем месяце."
TITLE = "Ночные автобусы дойдут до окраин"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Поделиться", "share"),
        ("Поделиться ВКонтакте Одноклассники Телеграм", "share"),
        ("Скопировать ссылку", "share"),
        ("Версия для печати", "share"),
        ("Подписывайтесь на наш канал в Telegram", "call-to-action"),
        ("Читайте нас в Дзене", "call-to-action"),
        ("Следите за новостями в нашем Telegram-канале", "call-to-action"),
        ("Нашли ошибку? Выделите её и нажмите Ctrl+Enter", "call-to-action"),
        (
            "Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая пользоваться сайтом, "
            "вы соглашаетесь с этим.",
            "cookie-notice",
        ),
        ("Сайт использует куки для улучшения работы. Принять", "cookie-notice"),
        ("Политика конфиденциальности", "cookie-notice"),
        ("Реклама", "advertising"),
        ("Реклама 16+", "advertising"),
        ("На правах рекламы", "advertising"),
        ("Реклама. ООО «Ромашка», ИНН 7700000000, erid: 2VtzqwXyZ1", "advertising"),
        ("Главная Новости Политика Экономика Спорт", "navigation"),
        ("Показать ещё", "navigation"),
        ("Курсы валют", "navigation"),
        ("Курс ЦБ: USD 91.20 ▲", "ticker"),
        ("Доллар 91,20 ▲ Евро 99,10 ▼", "ticker"),
        ("Нефть Brent 82,40", "ticker"),
        ("Источник: пресс-служба мэрии", "caption"),
        ("Фото: архив редакции", "caption"),
        ("При использовании материалов ссылка на сайт обязательна.", "copyright"),
        ("Все права защищены © 2031", "copyright"),
        ("Свидетельство о регистрации СМИ Эл № ФС 77-00000", "copyright"),
        ("Обновлено: 12:30", "date"),
        ("5 июня 2031, 14:30", "date"),
        ("Сегодня, 09:15", "date"),
        ("Просмотров: 1234", "counter"),
        ("1 234 просмотра", "counter"),
        ("Читайте также: Мэр открыл новый мост через реку", "related-link"),
    ],
)
def test_russian_chrome_lines(line: str, reason: str) -> None:
    assert chrome_reason_ru(line) == reason
    assert chrome_reason(line) == reason  # the text-dump classifier asks the Russian rules


@pytest.mark.parametrize(
    "line",
    [
        "Читайте также",
        "Читайте ещё:",
        "Похожие новости",
        "Новости по теме",
        "Материалы по теме",
        "Самое читаемое",
        "Комментарии (12)",
        "Комментарии",
        "Оставить комментарий",
        "Все новости",
        "Вам может быть интересно",
    ],
)
def test_russian_end_markers(line: str) -> None:
    assert is_end_marker_ru(line)
    assert classify(line).kind == "end"


# The same words inside a sentence of prose: kept.
PROSE = [
    "Министр призвал граждан поделиться мнением о реформе на общественных слушаниях.",
    "Жители читали комментарии в соцсетях и всё же решили прийти на собрание.",
    "Курс доллара вырос до 91,20 рубля, сообщил центральный банк в понедельник утром.",
    "Реклама табака запрещена законом с 2013 года, напомнил депутат.",
    "Ведомство заявило, что сайты, собирающие файлы cookie, обязаны предупреждать пользователей.",
    "Источник в правительстве сообщил агентству, что решение уже принято.",
    "Погода в выходные будет дождливой, предупредили синоптики.",
    "Следите за руками, — сказал фокусник зрителям в первом ряду.",
    "Главная улица города будет закрыта для машин до конца лета.",
    "Все новости о ремонте моста мэрия обещает публиковать на своём сайте.",
    "Подписывая договор, стороны договорились о сроках строительства.",
    "— Подпишитесь под петицией, — призвал активист прохожих.",
]


@pytest.mark.parametrize("line", PROSE)
def test_prose_with_the_same_words_is_kept(line: str) -> None:
    assert chrome_reason_ru(line) is None
    assert not is_end_marker_ru(line)
    assert classify(line).kind == "good"


def test_english_lines_are_not_looked_at() -> None:
    assert chrome_reason_ru("Share this article") is None
    assert chrome_reason_ru("Related news") is None


DUMP = (
    "\n\n".join(
        [
            "Главная Новости Политика Экономика Спорт",
            "USD 91.20 ▲",
            "Доллар 91,20 ▲ Евро 99,10 ▼",
            "Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая пользоваться сайтом, "
            "вы соглашаетесь с этим.",
            TITLE,
            "5 июня 2031, 14:30",
            "Просмотров: 1234",
            P1,
            "Фото: архив редакции",
            P2,
            "Реклама",
            P3,
            P4,
            "Источник: пресс-служба мэрии",
            "Поделиться ВКонтакте Одноклассники Телеграм",
            "Подписывайтесь на наш канал в Telegram",
            "Читайте также",
            "Мэр открыл новый мост через реку",
            "В центре города закроют две улицы",
            "Комментарии (3)",
            "Все права защищены © 2031",
        ]
    )
    + "\n"
)


@pytest.fixture(scope="module")
def dump() -> Extraction:
    return extract_text_dump(DUMP)


def test_text_dump_keeps_the_article(dump: Extraction) -> None:
    assert dump.text.split("\n\n") == [P1, P2, P3, P4]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Главная Новости Политика Экономика Спорт", "navigation"),
        ("Доллар 91,20 ▲ Евро 99,10 ▼", "ticker"),
        ("5 июня 2031, 14:30", "date"),
        ("Фото: архив редакции", "caption"),
        ("Реклама", "advertising"),
        ("Читайте также", "end-marker"),
    ],
)
def test_text_dump_says_why_lines_were_dropped(dump: Extraction, line: str, reason: str) -> None:
    assert {r.text: r.reason for r in dump.removed}[line] == reason


HTML = f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{TITLE} | Городской вестник</title>
<meta property="og:title" content="{TITLE}"></head>
<body>
<div class="cookies"><p>Мы используем файлы cookie, чтобы сделать сайт удобнее.</p><button>Принять</button></div>
<header><nav><a href="/">Главная</a> <a href="/news">Новости</a> <a href="/politics">Политика</a></nav>
<div class="rates">USD 91.20 ▲ EUR 99.10 ▼</div></header>
<main><article>
<h1>{TITLE}</h1>
<p>{P1}</p>
<p>Реклама</p>
<p>{P2}</p>
<p>Подписывайтесь на наш канал в Telegram</p>
<p>{P3}</p>
<p>{P4}</p>
<p>Поделиться</p>
<p>Нашли ошибку? Выделите её и нажмите Ctrl+Enter</p>
<h3>Читайте также</h3>
<ul><li><a href="/a">Мэр открыл новый мост через реку</a></li>
<li><a href="/b">В центре города закроют две улицы</a></li></ul>
</article></main>
<footer><p>При использовании материалов ссылка на сайт обязательна.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def html() -> Extraction:
    return extract_html(HTML, url="https://vestnik.example/2031/06/05/avtobusy")


@pytest.mark.parametrize("para", [P1, P2, P3, P4])
def test_html_keeps_the_article(html: Extraction, para: str) -> None:
    assert para in html.text.split("\n\n")


@pytest.mark.parametrize(
    "chrome",
    [
        "cookie",
        "Главная",
        "USD",
        "Реклама",
        "Подписывайтесь",
        "Поделиться",
        "Ctrl+Enter",
        "Читайте также",
        "Мэр открыл новый мост",
        "ссылка на сайт обязательна",
    ],
)
def test_html_drops_russian_chrome(html: Extraction, chrome: str) -> None:
    assert chrome not in html.text
