"""Roles of people on Russian pages, read from the tokens around each person mention.

Patterns (``how``):
- ``title-before``: "президент Казахстана X", "глава МИД X", "министр иностранных дел X";
- ``apposition``: "X, министр иностранных дел страны, ..." (a title between commas
  or up to the sentence's end, right after the name).

A title is ``modifiers* HEAD complement*``: HEAD an office or occupation noun
(by lemma, any case: "главой МИД" is the same title as "глава МИД"), modifiers
adjectives before it ("бывший", "первый"), the complement nouns, names and
adjectives after it that are not in the nominative (genitive tails such as
"иностранных дел Франции", "по чрезвычайным ситуациям"). Each look is a bounded
window of tokens, so the cost is linear in the number of mentions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storyline.entities.roles import RoleHit
from storyline.entities.spans import Span

WINDOW = 10  # tokens a title may span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.replace("ё", "е").split())


# Lemmas of nouns that name an office or occupation.
TITLE_HEADS_RU = _words(
    """президент вице-президент премьер премьер-министр вице-премьер министр замминистра глава
    руководитель председатель зампред вице-председатель спикер посол губернатор мэр аким депутат
    сенатор директор гендиректор представитель пресс-секретарь секретарь госсекретарь генсек советник
    помощник заместитель лидер канцлер король королева принц принцесса султан эмир шейх монарх
    командующий главнокомандующий начальник генерал полковник прокурор генпрокурор судья омбудсмен
    уполномоченный эксперт аналитик политолог экономист журналист корреспондент редактор главред
    обозреватель блогер активист правозащитник адвокат юрист профессор ректор академик основатель
    сооснователь владелец совладелец управляющий координатор консул атташе дипломат спецпредставитель
    спецпосланник посланник наблюдатель член депутатка министерка ведущий автор писатель режиссёр
    актёр актриса певец певица тренер капитан игрок президентка экс-президент экс-премьер
    экс-министр мэрша мэр-министр главком император императрица царь князь княгиня папа патриарх
    митрополит епископ музыкант пианист скрипач композитор дирижер вокалист солист гитарист барабанщик
    диджей исполнитель рэпер артист художник скульптор архитектор дизайнер фотограф модель топ-модель
    кинорежиссер сценарист продюсер футболист хоккеист теннисист боксер спортсмен гонщик шахматист
    бизнесмен предприниматель миллиардер миллионер банкир инвестор искусствовед историк социолог
    философ ученый инженер врач хирург медиаменеджер менеджер телеведущий репортер публицист поэт
    поэтесса драматург авиатор космонавт астронавт пилот летчик следователь полицейский боец солдат
    офицер адмирал маршал лейтенант майор капитан сержант"""
)
# Adjectives and prefixes that qualify a head ("бывший президент", "первый вице-премьер").
TITLE_MODIFIERS_RU = _words(
    """бывший нынешний новый первый второй временный исполняющий действующий постоянный
    чрезвычайный полномочный генеральный главный старший верховный специальный официальный
    федеральный региональный государственный известный независимый оппозиционный российский"""
)
# Connectives allowed inside a complement: "министр по чрезвычайным ситуациям", "труда и соцзащиты".
_INNER = frozenset({"по", "и", "при", "в", "-", "–", "«", "»", '"'})


def is_title_head(tok: Token) -> bool:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return tok.lemma_.replace("ё", "е") in TITLE_HEADS_RU or tok.lower_.replace("ё", "е") in TITLE_HEADS_RU


# Cases the tagger confuses on names it has not seen (a masculine animate accusative
# is the genitive's form).
_SAME_CASE = {frozenset({"Acc", "Gen"})}


def _agree(head: Token, name: Token) -> bool:
    """A title and the name it is the role of are in one case ("главой МИД Муратом ...");
    "адвокат Маркива" (the lawyer of Markiv) and "адвокаты X" (plural) are not roles of X."""
    if "Number=Plur" in str(head.morph):
        return False
    a, b = head.morph.get("Case", []), name.morph.get("Case", [])
    if not a or not b or a == b:
        return True
    return frozenset((a[0], b[0])) in _SAME_CASE


def _complement(tok: Token) -> bool:
    """May ``tok`` sit after a head, inside a title? Not a nominative noun (it would be
    another subject, or the name itself), never a verb or a clause mark."""
    if tok.lower_ in _INNER:
        return True
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "DET"):
        return False
    return "Case=Nom" not in str(tok.morph) or tok.text.isupper()


def find_roles_ru(doc: Doc, spans: list[Span]) -> list[RoleHit]:
    """Roles of the PERSON spans: a title right before the name, or in apposition after it."""
    hits: list[RoleHit] = []
    # Tokens of places and organisations sit in a complement whatever their tagged case
    # ("министр энергетики Норландии X", "лидер партии «Зелёный союз» X").
    named = {k for s in spans if s.label != "PERSON" for k in range(s.i, s.j)}
    for s in spans:
        if s.label != "PERSON":
            continue
        # A title before the name and another after it are two roles.
        hits.extend(h for h in (_before(doc, s, named), _after(doc, s, named)) if h is not None)
    return hits


def _before(doc: Doc, s: Span, named: set[int]) -> RoleHit | None:
    """ "президент Казахстана X": walk left over the complement to the farthest head."""
    head = -1
    k = s.i - 1
    floor = max(0, s.i - WINDOW)
    while k >= floor:
        tok = doc[k]
        if tok.is_sent_start and k < s.i - 1 and not is_title_head(tok):
            break
        if is_title_head(tok):
            head = k
        elif not (_complement(tok) or k in named):
            break
        if tok.is_sent_start:
            break
        k -= 1
    if head < 0 or not _agree(doc[head], doc[s.i]):
        return None
    i = head
    while i > floor and doc[i - 1].lower_ in TITLE_MODIFIERS_RU:
        i -= 1
    return RoleHit(span=s, i=i, j=_trim(doc, i, s.i), head=head, how="title-before")


def _after(doc: Doc, s: Span, named: set[int]) -> RoleHit | None:
    """ "X, министр иностранных дел, ...": a comma, a head (after modifiers), its complement."""
    n = len(doc)
    if s.j + 1 >= n or doc[s.j].text != ",":
        return None
    i = s.j + 1
    k = i
    while k < n and doc[k].lower_ in TITLE_MODIFIERS_RU:
        k += 1
    if k >= n or not is_title_head(doc[k]):
        return None
    head = k
    k += 1
    while k < min(n, head + WINDOW) and not doc[k].is_sent_start and (_complement(doc[k]) or k in named):
        k += 1
    if k < n and doc[k].text not in (",", ".", ")", "—", "–", ";") and not doc[k].is_sent_start:
        return None  # the title runs on into a clause: not a plain apposition
    return RoleHit(span=s, i=i, j=_trim(doc, i, k), head=head, how="apposition")


def _trim(doc: Doc, i: int, j: int) -> int:
    """The title's end without trailing connectives and marks, a closing quote kept
    when the title opened one ("лидер партии «Зелёный союз»")."""
    while j > i + 1 and (doc[j - 1].lower_ in _INNER or doc[j - 1].is_punct or doc[j - 1].is_space):
        if doc[j - 1].text == "»" and sum(t.text == "«" for t in doc[i:j]) >= sum(
            t.text == "»" for t in doc[i:j]
        ):
            break
        j -= 1
    return j
