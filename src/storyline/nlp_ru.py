"""The Russian language pipeline: natasha's models behind spaCy ``Doc``s.

No spaCy Russian model installs offline, so natasha (slovnet morphology, syntax
and NER on navec embeddings, all inside its wheel) parses Russian and its output
is copied onto ``Doc``s built on ``spacy.blank("ru")``'s vocabulary: the stages
read Russian parses exactly as they read English ones (tokens with offsets,
sentences, pos, morph, lemma, heads and deps, ``doc.ents``). The models are
loaded once per process, on the first Russian page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from storyline.nlp import pieces
from storyline.stages import stage

# natasha's NER types -> the labels the English pipeline's stages expect. Natasha has
# one LOC for countries, cities and rivers alike; news names polities far more often
# than mountains, and resolution links GPE and LOC chains anyway (``resolve.type_group``).
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


@dataclass(slots=True, kw_only=True)
class RussianModels:
    """natasha's pieces, loaded together."""

    segmenter: Any
    morph: Any
    syntax: Any
    ner: Any
    vocab: Any  # natasha's MorphVocab (pymorphy): lemmas and normal forms


@lru_cache(maxsize=1)
def get_ru() -> RussianModels:
    """natasha's models, loaded on first use (about 1 s, weights inside the wheel)."""
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    return RussianModels(
        segmenter=Segmenter(),
        morph=NewsMorphTagger(emb),
        syntax=NewsSyntaxParser(emb),
        ner=NewsNERTagger(emb),
        vocab=MorphVocab(),
    )


@lru_cache(maxsize=1)
def ru_vocab() -> Vocab:
    """One vocabulary for every Russian ``Doc`` (``Doc.from_docs`` needs them shared)."""
    return spacy.blank("ru").vocab


@stage("parse_ru", requires=["article"], assigns=["doc"])
def parse_ru(text: str) -> Doc:
    return next(parse_many_ru([text]))


def parse_many_ru(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """One ``Doc`` per text, its text exactly the text; a long text is parsed in
    ``nlp.pieces`` and joined, as ``nlp.parse_many`` does for English."""
    from storyline.nlp import join_pieces

    yield from join_pieces(_pipe(_numbered(texts), batch_size))


def _numbered(texts: Iterable[str]) -> Iterator[tuple[str, tuple[int, int]]]:
    for text in texts:
        parts = pieces(text)
        for k, part in enumerate(parts):
            yield part, (k, len(parts))


def _pipe(items: Iterator[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Doc, Any]]:
    batch: list[tuple[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from zip(_parse_batch([t for t, _ in batch]), (c for _, c in batch), strict=True)
            batch = []
    if batch:
        yield from zip(_parse_batch([t for t, _ in batch]), (c for _, c in batch), strict=True)


def _parse_batch(texts: list[str]) -> list[Doc]:
    """Parse several texts at once: the taggers run on all their sentences in one
    batched call each (much faster than natasha's one ``Doc`` at a time)."""
    models = get_ru()
    from natasha import Doc as NDoc

    ndocs = [NDoc(t) for t in texts]
    for nd in ndocs:
        nd.segment(models.segmenter)
        # Taggers fail on an empty sentence (the segmenter gives some for blank text).
        nd.sents = [s for s in nd.sents if s.tokens]
    sents = [[tok.text for tok in s.tokens] for nd in ndocs for s in nd.sents]
    morphs = list(models.morph.map(sents)) if sents else []
    trees = list(models.syntax.map(sents)) if sents else []
    # NER reads raw text, and fails on text with no word in it.
    worded = [k for k, nd in enumerate(ndocs) if nd.sents]
    found = dict(zip(worded, models.ner.map([texts[k] for k in worded]), strict=True))
    out = []
    at = 0
    for k, (nd, text) in enumerate(zip(ndocs, texts, strict=True)):
        n = len(nd.sents)
        spans = found[k].spans if k in found else []
        out.append(_to_doc(text, nd, morphs[at : at + n], trees[at : at + n], spans, models.vocab))
        at += n
    return out


def _to_doc(text: str, nd: Any, morphs: list[Any], trees: list[Any], ents: list[Any], mv: Any) -> Doc:
    """The spaCy ``Doc`` of one natasha parse; white space other than one space after
    a word becomes its own token (as spaCy's tokenizer does), attached to the word before."""
    words: list[str] = []
    spaces: list[bool] = []
    pos: list[str] = []
    morph: list[str] = []
    lemmas: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    at = 0

    def gap(upto: int) -> None:
        blank = text[at:upto]
        if not blank:
            return
        if words and not spaces[-1] and blank[0] == " ":
            spaces[-1] = True
            blank = blank[1:]
        if blank:
            # Leading white space hangs on the first word; later runs on the word before.
            words.append(blank)
            spaces.append(False)
            pos.append("SPACE")
            morph.append("")
            lemmas.append(blank)
            heads.append(len(words) - 2 if len(words) > 1 else -1)
            deps.append("dep")

    for sent, tags, tree in zip(nd.sents, morphs, trees, strict=True):
        index: list[int] = []  # natasha token number in the sentence -> Doc index
        for tok, tag in zip(sent.tokens, tags.tokens, strict=True):
            gap(tok.start)
            index.append(len(words))
            words.append(tok.text)
            spaces.append(False)
            pos.append(tag.pos)
            morph.append("|".join(f"{k}={v}" for k, v in sorted(tag.feats.items())))
            lemmas.append(_lemma(mv, tok.text, tag))
            heads.append(0)
            deps.append("")
            at = tok.stop
        _attach(index, tree.tokens, heads, deps)
    gap(len(text))
    # A leading blank points at the first sentence's root.
    for i, h in enumerate(heads):
        if h == -1:
            heads[i] = next((k for k in range(len(words)) if heads[k] == k), 0)
    if not words:
        return Doc(ru_vocab(), words=[], spaces=[])
    doc = Doc(
        ru_vocab(),
        words=words,
        spaces=spaces,
        pos=pos,
        morphs=morph,
        lemmas=lemmas,
        heads=heads,
        deps=deps,
    )
    labelled: list[Any] = []
    for span in ents:
        s = doc.char_span(
            span.start, span.stop, label=LABELS.get(span.type, span.type), alignment_mode="expand"
        )
        if s is not None and (not labelled or s.start >= labelled[-1].end):
            labelled.append(s)
    doc.ents = labelled
    return doc


def _attach(index: list[int], tree: list[Any], heads: list[int], deps: list[str]) -> None:
    """Heads and deps of one sentence, made a tree: one root, no cycles (the parser
    guarantees neither; spaCy sentences come from the tree)."""
    n = len(index)
    if not n:
        return
    head_of = []
    for k, tok in enumerate(tree):
        h = int(tok.head_id) - 1 if str(tok.head_id).isdigit() else -1
        head_of.append(h if 0 <= h < n and h != k else -1)
        deps[index[k]] = tok.rel or "dep"
    roots = [k for k in range(n) if head_of[k] == -1]
    root = roots[0] if roots else 0
    head_of[root] = -1
    deps[index[root]] = "ROOT"
    for k in roots[1:]:
        head_of[k] = root
    for k in range(n):  # a token whose head chain never reaches the root hangs on it
        seen, at = set(), k
        while head_of[at] != -1 and at not in seen:
            seen.add(at)
            at = head_of[at]
        if head_of[at] != -1:
            head_of[k] = root
    for k in range(n):
        heads[index[k]] = index[root] if head_of[k] == -1 else index[head_of[k]]


def _lemma(mv: Any, word: str, tag: Any) -> str:
    return _cached_lemma(word, tag.pos, tuple(sorted(tag.feats.items())))


# A news text repeats its words: each (word, tags) is lemmatised once per process
# (pymorphy's lookups were an eighth of the Russian parse).
@lru_cache(maxsize=1 << 16)
def _cached_lemma(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    try:
        return str(get_ru().vocab.lemmatize(word, pos, dict(feats)))
    except Exception:  # pymorphy has no form for some tokens (punctuation, numbers)
        return word.lower()
