"""In-article chains: same string, variants, surnames, acronyms and title-only references."""

from __future__ import annotations

import pytest

from storyline.model import Article, ArticleEntities

from .conftest import Extract


def _chain(result: ArticleEntities, text: str, nth: int = 0) -> int:
    return [m.chain for m in result.mentions if m.text == text][nth]


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        # bare surname -> the one full name that ends with it
        (
            "Gulnara Bekova opened the meeting in Bishkek. Later Bekova said the vote was fair.",
            "Gulnara Bekova",
            "Bekova",
        ),
        # hyphen/space variants
        (
            "Abdul-Aziz Rahimov spoke first. Abdul Aziz Rahimov then left the hall.",
            "Abdul-Aziz Rahimov",
            "Abdul Aziz Rahimov",
        ),
        # transliteration variants
        (
            "Mohammed bin Salman met Yusuf Qaradawi. Muhammad bin Salman later left.",
            "Mohammed bin Salman",
            "Muhammad bin Salman",
        ),
        # acronym after its expansion, and its later uses
        (
            "The Organization of Islamic Cooperation (OIC) met in Jeddah. The OIC issued a statement.",
            "Organization of Islamic Cooperation",
            "OIC",
        ),
        # acronym before its expansion
        (
            "The statement came from UNDP (United Nations Development Programme) in Almaty. UNDP said it would help.",
            "United Nations Development Programme",
            "UNDP",
        ),
    ],
)
def test_same_chain(extract: Extract, text: str, a: str, b: str) -> None:
    result = extract(text)
    assert _chain(result, a) == _chain(result, b)
    if b.isupper():
        assert {m.kind for m in result.mentions if m.text == b} == {"acronym"}
        assert len({m.chain for m in result.mentions if m.text == b}) == 1


def test_shared_surname_stays_apart(extract: Extract) -> None:
    text = "Rustam Karimov and Islam Karimov met in Tashkent. Karimov said nothing."
    result = extract(text)
    chains = {_chain(result, "Rustam Karimov"), _chain(result, "Islam Karimov"), _chain(result, "Karimov")}
    assert len(chains) == 3


def test_different_people_apart(extract: Extract) -> None:
    result = extract("Mohammed bin Salman met Yusuf Qaradawi in Riyadh.")
    assert _chain(result, "Mohammed bin Salman") != _chain(result, "Yusuf Qaradawi")


def test_chains_numbered_in_order(extract: Extract) -> None:
    result = extract("Gulnara Bekova opened the meeting in Bishkek. Later Bekova said the vote was fair.")
    assert [m.chain for m in result.mentions] == [0, 1, 0]


@pytest.mark.parametrize(
    ("text", "reference", "person"),
    [
        (
            "President Ilham Aliyev met the press. The president said the talks went well.",
            "president",
            "Ilham Aliyev",
        ),
        # a generic head resolves when exactly one person holds a role
        (
            "Dinara Saliyeva, deputy head of the regional office, spoke first. The official said the report was incomplete.",
            "official",
            "Dinara Saliyeva",
        ),
        # "the <title> of <organisation>": the one person whose role names it, in other words
        (
            "Marta Okonkwo, Deputy Director of the Chilean Ministry of Health, wrote to the press. "
            "A spokesman of the Health Ministry confirmed the letter. "
            "The representative of the Ministry of Health said supplies would arrive.",
            "representative",
            "Marta Okonkwo",
        ),
    ],
)
def test_title_reference(extract: Extract, text: str, reference: str, person: str) -> None:
    result = extract(text)
    ref = [m for m in result.mentions if m.text == reference]
    assert len(ref) == 1 and ref[0].kind == "title" and ref[0].label == "PERSON"
    assert ref[0].chain == _chain(result, person)


@pytest.mark.parametrize(
    "text",
    [
        # two presidents: "the president" is ambiguous
        "President Ilham Aliyev met President Recep Erdogan. The president said the talks went well.",
        # the only president heads a foundation; a bare "the president" need not mean them
        "Aina Shormanbayeva, the president of the Adilet foundation, left. The president said nothing.",
        # two people of one ministry: which one the representative is, the text does not say
        "Marta Okonkwo, Deputy Director of the Ministry of Health, and Luis Vera, Head of the Ministry of "
        "Health, wrote to the press. The representative of the Ministry of Health said supplies would arrive.",
        # the one person with a role is of another body
        "Marta Okonkwo, Deputy Director of the Ministry of Health, wrote to the press. "
        "The representative of the Ministry of Finance said the budget was cut.",
    ],
)
def test_title_reference_skipped(extract: Extract, text: str) -> None:
    assert not any(m.kind == "title" for m in extract(text).mentions)


# -- seeds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "full"),
    [("000", "Kassym-Jomart Tokayev"), ("002", "Kassym-Jomart Tokayev"), ("004", "Kassym-Zhomart Tokayev")],
)
def test_seed_bare_tokayev(seeds: dict[str, tuple[Article, ArticleEntities]], seed: str, full: str) -> None:
    _, result = seeds[seed]
    chain = _chain(result, full)
    bare = [m for m in result.mentions if m.text == "Tokayev"]
    assert bare and all(m.chain == chain and m.label == "PERSON" for m in bare)


def test_seed_tokayev_spellings_one_chain(seeds: dict[str, tuple[Article, ArticleEntities]]) -> None:
    _, result = seeds["000"]
    assert _chain(result, "Kassym-Jomart Tokayev") == _chain(result, "Kassym-Zhomart Tokayev")


def test_seed_zeya(seeds: dict[str, tuple[Article, ArticleEntities]]) -> None:
    for seed in ("001", "002"):
        _, result = seeds[seed]
        chain = _chain(result, "Uzra Zeya")
        assert all(m.chain == chain for m in result.mentions if m.text == "Zeya")
        assert {r.chain for r in result.roles if "Secretary" in r.title} == {chain}


@pytest.mark.parametrize(
    ("seed", "expansion", "acronym"),
    [
        ("003", "OSCE Office of Democratic Institutions and Human Rights", "ODIHR"),
        ("004", "National Council of Public Trust", "NCPC"),
    ],
)
def test_seed_acronyms(
    seeds: dict[str, tuple[Article, ArticleEntities]], seed: str, expansion: str, acronym: str
) -> None:
    _, result = seeds[seed]
    chain = _chain(result, expansion)
    uses = [m for m in result.mentions if m.text == acronym]
    assert uses and all(m.chain == chain and m.kind == "acronym" and m.label == "ORG" for m in uses)


def test_seed_the_president_in_004(seeds: dict[str, tuple[Article, ArticleEntities]]) -> None:
    # Toregozhina is "president of the public fund ...": a bare "the president" cannot mean her.
    _, result = seeds["004"]
    refs = [m for m in result.mentions if m.kind == "title"]
    assert refs and all(
        m.text == "president" and m.chain == _chain(result, "Kassym-Zhomart Tokayev") for m in refs
    )


def test_seed_senior_official_unresolved(seeds: dict[str, tuple[Article, ArticleEntities]]) -> None:
    # Three people hold roles in 001 (Tokayev, Zeya, Kazykhan): a generic "official" is not guessed.
    _, result = seeds["001"]
    assert not any(m.kind == "title" for m in result.mentions)
