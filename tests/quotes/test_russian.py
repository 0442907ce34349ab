"""Russian quote conventions (``extract_quotes_ru``) on made-up sentences.

Sentences come from razdel and person/organisation mentions from natasha's NER,
as the analyzer will give them; names the small NER misses are added by hand
(``extra``), so each test checks the extractor, not the tagger. None of the text
comes from the seeds or a public corpus.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
from razdel import sentenize

from storyline.model import Mention, Quote
from storyline.quotes.russian import extract_quotes_ru

Row = tuple[str, str, str | None, str | None, str | None]  # kind, text, cue, speaker, resolved
Run = Callable[..., list[Quote]]


@pytest.fixture(scope="module")
def ru() -> Run:
    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def run(text: str, extra: tuple[tuple[str, str], ...] = ()) -> list[Quote]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        people = [
            Mention(article_id="t", start=s.start, end=s.stop, text=s.text, label=s.type)
            for s in doc.spans
            if s.type in {"PER", "ORG"}
        ]
        for name, label in extra:
            at = text.find(name)
            if not any(m.start <= at < m.end for m in people):
                people.append(Mention(article_id="t", start=at, end=at + len(name), text=name, label=label))
        sentences = [(s.start, s.stop) for s in sentenize(text)]
        out = extract_quotes_ru("t", text, sentences, people)
        for q in out:
            assert text[q.start : q.end] == q.text
            if q.cue is not None:
                assert q.cue_start is not None and text[q.cue_start : q.cue_end] == q.cue
            if q.speaker is not None:
                assert q.speaker_start is not None and text[q.speaker_start : q.speaker_end] == q.speaker
        return out

    return run


def rows(quotes: list[Quote]) -> list[Row]:
    return [(q.kind, q.text, q.cue, q.speaker, q.speaker_resolved) for q in quotes]


CASES: list[tuple[str, list[Row]]] = [
    # « » with the attribution after, dash between
    (
        "«Мы готовы к диалогу», — заявил министр транспорта Игорь Соболев журналистам.",
        [("direct", "Мы готовы к диалогу", "заявил", "Игорь Соболев", "Игорь Соболев")],
    ),
    # „ “ as the outer marks, a cue in the feminine
    (
        "„Сроки не сорваны“, — уверила Светлана Орлова.",
        [("direct", "Сроки не сорваны", "уверила", "Светлана Орлова", "Светлана Орлова")],
    ),
    # straight quotes and a hyphen typed for the dash
    (
        '"Цены вырастут незначительно", - сказал аналитик Денис Козлов.',
        [("direct", "Цены вырастут незначительно", "сказал", "Денис Козлов", "Денис Козлов")],
    ),
    # „ “ nested inside « »: one quotation
    (
        "«Это „перезагрузка“ всей отрасли», — подчеркнул Олег Мартынов.",
        [("direct", "Это „перезагрузка“ всей отрасли", "подчеркнул", "Олег Мартынов", "Олег Мартынов")],
    ),
    # the attribution inside one pair of marks splits the quotation in two
    (
        "«Мы не будем повышать налоги, — сказал Денис Козлов. — Это наше твёрдое решение».",
        [
            ("direct", "Мы не будем повышать налоги", "сказал", "Денис Козлов", "Денис Козлов"),
            ("direct", "Это наше твёрдое решение", "сказал", "Денис Козлов", "Денис Козлов"),
        ],
    ),
    # speaker before, with a colon; a second quotation with «добавила она»
    (
        "Депутат Ирина Белова подчеркнула: «Закон нужно доработать». «Иначе он не заработает», — добавила она.",
        [
            ("direct", "Закон нужно доработать", "подчеркнула", "Ирина Белова", "Ирина Белова"),
            ("direct", "Иначе он не заработает", "добавила", "она", "Ирина Белова"),
        ],
    ),
    # a partial quotation after «, что»
    (
        "Заммэра Ирина Белова пояснила журналистам, что «дорогу закроют на две недели».",
        [("direct", "дорогу закроют на две недели", "пояснила", "Ирина Белова", "Ирина Белова")],
    ),
    # «по словам» names the speaker in the genitive; resolved to the nominative
    (
        "По словам Анны Власовой, «ремонт завершится к осени».",
        [("direct", "ремонт завершится к осени", "По словам", "Анны Власовой", "Анна Власова")],
    ),
    # dash speech: one paragraph, attribution after, and a continuation after the attribution
    (
        "— Мы готовы к диалогу, — сказал Игорь Соболев.",
        [("direct", "Мы готовы к диалогу", "сказал", "Игорь Соболев", "Игорь Соболев")],
    ),
    (
        "— Работы много, — сказала Анна Власова. — Но мы справимся к зиме.",
        [
            ("direct", "Работы много", "сказала", "Анна Власова", "Анна Власова"),
            ("direct", "Но мы справимся к зиме.", "сказала", "Анна Власова", "Анна Власова"),
        ],
    ),
    # a dash inside the speech is not an attribution
    (
        "— Главное — безопасность пассажиров, — заявил Игорь Соболев.",
        [("direct", "Главное — безопасность пассажиров", "заявил", "Игорь Соболев", "Игорь Соболев")],
    ),
    # dash lines introduced by a paragraph ending in a colon
    (
        "Директор фабрики Олег Мартынов ответил на вопросы журналистов:\n"
        "— Мы не будем сокращать рабочих.\n"
        "— Заказов хватит до весны.",
        [
            ("direct", "Мы не будем сокращать рабочих.", "ответил", "Олег Мартынов", "Олег Мартынов"),
            ("direct", "Заказов хватит до весны.", "ответил", "Олег Мартынов", "Олег Мартынов"),
        ],
    ),
    # a dash line with no speaker near is a list item
    ("— Пункт первый: обновить парк автобусов.\n— Пункт второй: отремонтировать остановки.", []),
    # indirect speech
    (
        "По словам Анны Власовой, ремонт дороги завершится к осени.",
        [("indirect", "ремонт дороги завершится к осени", "По словам", "Анны Власовой", "Анна Власова")],
    ),
    (
        "Как заявила Анна Власова, тарифы на проезд не изменятся.",
        [("indirect", "тарифы на проезд не изменятся", "Как заявила", "Анна Власова", "Анна Власова")],
    ),
    (
        "Анна Власова отметила, что тарифы на проезд не изменятся.",
        [("indirect", "тарифы на проезд не изменятся", "отметила", "Анна Власова", "Анна Власова")],
    ),
    (
        "Денис Козлов считает, что рынок жилья стабилизируется через год.",
        [("indirect", "рынок жилья стабилизируется через год", "считает", "Денис Козлов", "Денис Козлов")],
    ),
    (
        "Пресс-секретарь ведомства Игорь Лавров сообщил о том, что переговоры продолжатся.",
        [("indirect", "переговоры продолжатся", "сообщил", "Игорь Лавров", "Игорь Лавров")],
    ),
    (
        "Тарифы на проезд не изменятся до конца года, сообщили в пресс-службе мэрии.",
        [
            (
                "indirect",
                "Тарифы на проезд не изменятся до конца года",
                "сообщили",
                "в пресс-службе мэрии",
                None,
            )
        ],
    ),
    # «по словам» inside the sentence frames the whole sentence; the full name comes from earlier
    (
        "Игорь Лавров провёл брифинг. Новый тариф, по словам Лаврова, вступит в силу в июле.",
        [
            (
                "indirect",
                "Новый тариф, по словам Лаврова, вступит в силу в июле",
                "по словам",
                "Лаврова",
                "Игорь Лавров",
            )
        ],
    ),
    # scare quotes are phrases; a short capitalised run is a name and dropped
    (
        "Губернатор назвал эти меры «разумным компромиссом».",
        [("phrase", "разумным компромиссом", None, None, None)],
    ),
    ("Акционеры «Северного порта» собрались в Самаре.", []),
    # prose with cue verbs but no statement
    ("Компания сообщила о росте выручки на пять процентов.", []),
    ("Он сказал спасибо и ушёл из зала.", []),
    ("По данным ведомства, в городе двести тысяч автомобилей.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_russian_conventions(ru: Run, text: str, expected: list[Row]) -> None:
    assert rows(ru(text)) == expected


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        # the subject of the sentence before, whichever pronoun
        ("Олег Мартынов встретился с коллегами. Он заявил: «Мы довольны итогами встречи».", "Олег Мартынов"),
        # «она» skips a man named nearer: gender from the first name
        (
            "Олег Мартынов встретился с Анной Власовой. Она заявила: «Договор будет подписан летом».",
            "Анна Власова",
        ),
        (
            "Олег Мартынов встретился с Анной Власовой. Он сказал: «Мы довольны итогами встречи».",
            "Олег Мартынов",
        ),
        # nearest earlier person when the sentence before names nobody
        (
            "Пётр Ильин прибыл в город утром. Погода была ясной. Позже он добавил: «Мы построим новую школу».",
            "Пётр Ильин",
        ),
    ],
)
def test_pronoun_speakers(ru: Run, text: str, resolved: str) -> None:
    (q,) = ru(text)
    assert q.speaker is not None and q.speaker.lower() in {"он", "она"}
    assert q.speaker_resolved == resolved


def test_name_with_a_colon_and_no_verb(ru: Run) -> None:
    text = "Козлов: «Мы не отступим»."
    assert rows(ru(text, extra=(("Козлов", "PER"),))) == [
        ("direct", "Мы не отступим", ":", "Козлов", "Козлов")
    ]


def test_organisation_speaker(ru: Run) -> None:
    text = "В министерстве финансов заявили, что бюджет будет исполнен полностью."
    (q,) = ru(text, extra=(("министерстве финансов", "ORG"),))
    assert (q.kind, q.text, q.cue, q.speaker) == (
        "indirect",
        "бюджет будет исполнен полностью",
        "заявили",
        "министерстве финансов",
    )


def test_a_quote_speaks_on_into_the_next_paragraph(ru: Run) -> None:
    text = "«Мост откроют в срок», — сказал Игорь Соболев.\n«Подрядчик уже нанят».\n"
    got = rows(ru(text))
    assert got[1] == ("direct", "Подрядчик уже нанят", "сказал", "Игорь Соболев", "Игорь Соболев")


def test_unclosed_quotation_is_refused(ru: Run) -> None:
    assert ru("Игорь Соболев сказал: «Мост откроют в срок, и") == []


def test_title_speaker_resolves_to_the_person_introduced_with_it(ru: Run) -> None:
    text = "Глава МИД Анна Орлова прибыла в Вену. Позже глава МИД заявила, что переговоры будут долгими."
    (q,) = ru(text, extra=(("МИД", "ORG"),))
    assert (q.kind, q.speaker, q.speaker_resolved) == ("indirect", "глава МИД", "Анна Орлова")


def test_title_speaker_with_nobody_introduced_is_not_guessed(ru: Run) -> None:
    text = "Глава МИД заявил, что визит состоится в мае."
    (q,) = ru(text, extra=(("МИД", "ORG"),))
    assert (q.speaker, q.speaker_resolved) == ("Глава МИД", None)


def test_a_quoted_name_does_not_block_reported_speech(ru: Run) -> None:
    text = "Представитель компании «Северный порт» сообщил, что погрузка возобновится в среду."
    (q,) = ru(text, extra=(("Северный порт", "ORG"),))
    assert (q.kind, q.text, q.speaker) == (
        "indirect",
        "погрузка возобновится в среду",
        "Представитель компании «Северный порт»",
    )


def test_pronoun_subject_of_reported_speech(ru: Run) -> None:
    text = "Игорь Соболев выступил на форуме. Он заявил, что визит перенесён."
    (q,) = ru(text)
    assert (q.kind, q.speaker, q.speaker_resolved) == ("indirect", "Он", "Игорь Соболев")


def test_pronoun_with_nobody_before_is_not_resolved(ru: Run) -> None:
    (q,) = ru("Он заявил, что визит перенесён.")
    assert (q.speaker, q.speaker_resolved) == ("Он", None)


def test_quotation_over_two_paragraphs(ru: Run) -> None:
    text = "«Мы открыли новый терминал.\n«Он будет работать круглосуточно», — сказал Игорь Соболев."
    got = rows(ru(text))
    assert got == [
        ("direct", "Мы открыли новый терминал.", "сказал", "Игорь Соболев", "Игорь Соболев"),
        ("direct", "Он будет работать круглосуточно", "сказал", "Игорь Соболев", "Игорь Соболев"),
    ]
