"""PolNeAR scoring for bench/eval_quotes.py (political news, attributions with offsets).

Reads ``quotes-polnear-dev/`` from ../shared/bench-data (no licence: nothing of it,
nor anything derived from it, is copied into the project). Definitions:

- Quoted words: the word tokens of the article that lie between a pair of quotation
  marks, found here independently of storyline: “…”, and straight "…" or ''…''
  alternating within a paragraph (single ‘…’ are left out: they clash with apostrophes).
- Direct quote: a gold attribution with at least half of its content words quoted.
  Its target is those quoted words.
- Found (direct): system direct quotes cover at least half of the target words.
  Precision: system direct quotes with at least half of their words inside some
  gold attribution content (any kind; PolNeAR does not annotate scare quotes, and
  storyline's ``phrase`` quotes are left out).
- Named source: the head of the gold source (spaCy's parse of the article), or an
  apposition of it, is inside a PERSON or ORG entity, else is a proper noun (PROPN,
  not an abbreviated title like "Sen."); that entity, or the run of proper nouns
  around it, is the gold name ("longtime pollster Pat Caddell" -> "Pat Caddell";
  "Scott's niece, Marcia Price" -> "Marcia Price"). "sources", "he", "the campaign",
  "a narrator in the Clinton ad" are not named.
- Named-speaker accuracy: over found direct quotes with a named gold source, the
  system quote covering most of the target has a speaker (resolved, or as written)
  that shares the name: the name's last word is one of the speaker's words, or the
  speaker's last word is one of the name's (case-insensitive, possessive 's dropped).
- Pronoun sources (he/she/him/her, reported, not floored): the gold pronoun stands
  for the nearest earlier named gold source of the article that is a PERSON; scored
  the same way on the resolved name.
- Indirect: a gold attribution that is not direct, with a content, a cue holding a
  verb (spaCy's POS) and less than a fifth of its words quoted. Found: a system
  indirect quote covering at least half of the gold content words, with at least
  half of its own words inside that content (one-to-one, best overlap first).
  Precision: system indirect quotes with at least half of their words inside some
  gold attribution content.
- Halves: the 84 files sorted by name, even positions are half "a", odd "b".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+")
_PRONOUNS = {"he", "she", "him", "her"}
_SMALL = {"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "and"}
DIRECT_SHARE = 0.5
INDIRECT_QUOTED_MAX = 0.2
COVER = 0.5


@dataclass
class SysQuote:
    start: int
    end: int
    kind: str
    speaker: str | None = None
    written: str | None = None


@dataclass
class Gold:
    content: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    source_text: str
    cue_text: str
    name: str | None = None  # the gold name (see module docstring)
    person: bool = False
    quoted: set[tuple[int, int]] = field(default_factory=set)  # quoted word tokens of the content
    words: set[tuple[int, int]] = field(default_factory=set)


@dataclass
class Article:
    file: str
    text: str
    golds: list[Gold]


# The floors were measured on this gold file: a changed set must not pass silently.
GOLD_SHA1 = "133939f2e26e5d795e29d351d041c4389682c526"


def load(folder: Path) -> list[Article]:
    digest = hashlib.sha1((folder / "gold.jsonl").read_bytes()).hexdigest()
    if digest != GOLD_SHA1:
        raise SystemExit(f"eval_quotes: {folder / 'gold.jsonl'} changed (sha1 {digest}): re-check the floors")
    out = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (folder / "text" / row["file"]).read_text(encoding="utf-8")
        golds = [
            Gold(
                content=tuple(a["content"]),
                source=tuple(a["source"]) if a["source"] else None,
                cue=tuple(a["cue"]) if a["cue"] else None,
                source_text=a["source_text"] or "",
                cue_text=a["cue_text"] or "",
            )
            for a in row["attributions"]
            if a["content"]
        ]
        out.append(Article(file=row["file"], text=text, golds=golds))
    return sorted(out, key=lambda a: a.file)


def half_of(articles: list[Article], half: str) -> list[Article]:
    return [a for k, a in enumerate(articles) if "ab"[k % 2] == half]


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans between quotation marks, per paragraph (see module docstring)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        for m in re.finditer(r"“([^”]*)”", para):
            out.append((pos + m.start(1), pos + m.end(1)))
        for mark in ('"', "''"):
            at = [m.start() for m in re.finditer(re.escape(mark), para)]
            for a, b in zip(at[::2], at[1::2], strict=False):
                out.append((pos + a + len(mark), pos + b))
        pos += len(para) + 1
    return out


def _words(text: str, start: int, end: int) -> set[tuple[int, int]]:
    return {(m.start(), m.end()) for m in _WORD.finditer(text, start, end)}


def _name_words(name: str) -> list[str]:
    return [re.sub(r"(’|')s$", "", w) for w in _WORD.findall(name.lower().replace("’s", ""))]


def same_name(speaker: str | None, name: str) -> bool:
    if not speaker:
        return False
    sw = [w for w in _name_words(speaker) if w not in _SMALL]
    nw = [w for w in _name_words(name) if w not in _SMALL]
    if not sw or not nw:
        return False
    return nw[-1] in sw or sw[-1] in nw


def _gold_name(doc: Any, source: tuple[int, int]) -> tuple[str | None, bool]:
    """The name a gold source is (see module docstring), and whether it is a PERSON."""
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None:
        return None, False
    root = span.root
    heads = [root] + [c for c in root.children if c.dep_ == "appos" and span.start <= c.i < span.end]
    for h in heads:
        ents = [e for e in doc.ents if e.start <= h.i < e.end and e.label_ in {"PERSON", "ORG"}]
        if ents:
            return ents[0].text, ents[0].label_ == "PERSON"
    for h in heads:
        if h.pos_ != "PROPN" or h.text.endswith("."):
            continue
        lo, hi = h.i, h.i + 1
        while lo > span.start and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
        while hi < span.end and doc[hi].pos_ == "PROPN":
            hi += 1
        return doc[lo:hi].text, False
    return None, False


def prepare(article: Article, doc: Any) -> None:
    """Gold names, quoted words and content words of one article."""
    text = article.text
    quoted: set[tuple[int, int]] = set()
    for s, e in quoted_regions(text):
        quoted |= _words(text, s, e)
    for g in article.golds:
        g.words = _words(text, *g.content)
        g.quoted = g.words & quoted
        if g.source is not None:
            g.name, g.person = _gold_name(doc, g.source)
    for g in article.golds:
        if g.name is None and g.source_text.lower() in _PRONOUNS and g.source is not None:
            # the nearest earlier named person among the gold sources
            earlier = [
                o
                for o in article.golds
                if o.source is not None and o.source[0] < g.source[0] and o.name and o.person
            ]
            if earlier:
                g.name = max(earlier, key=lambda o: o.source[0] if o.source else 0).name
                g.person = True


def is_direct(g: Gold) -> bool:
    return bool(g.words) and len(g.quoted) >= DIRECT_SHARE * len(g.words)


def is_pronoun(g: Gold) -> bool:
    return g.source_text.lower() in _PRONOUNS


def is_indirect(g: Gold, doc: Any) -> bool:
    if not g.words or g.cue is None or len(g.quoted) >= INDIRECT_QUOTED_MAX * len(g.words):
        return False
    span = doc.char_span(g.cue[0], g.cue[1], alignment_mode="expand")
    return span is not None and any(t.pos_ in {"VERB", "AUX"} for t in span)


def kinds(article: Article, g: Gold) -> list[str]:
    """Which attribution forms a gold attribution shows (for --show-errors)."""
    text = article.text
    out = []
    cue = g.cue_text.lower()
    if cue.startswith("according"):
        out.append("according to")
    if any(
        o is not g and o.content[0] <= g.content[0] and g.content[1] <= o.content[1] for o in article.golds
    ):
        out.append("nested")
    if g.source is not None and g.source[0] >= g.content[1] - 2:
        out.append("source after quote")
    elif g.source is not None and g.content[0] < g.source[0] < g.content[1]:
        out.append("source inside (split quote)")
    if is_pronoun(g):
        out.append("pronoun")
    elif g.source is not None and g.name is None and g.source_text[:4].lower() == "the ":
        out.append("title/description")
    if "\n" in text[g.content[0] : g.content[1]]:
        out.append("across paragraphs")
    if g.source is not None:
        gap = text[min(g.source[1], g.content[1]) : max(g.source[0], g.content[0])]
        if re.search(r"[.!?][”\"’]?\s", gap) or len(gap) > 120:
            out.append("long attribution")
    return out or ["other"]


@dataclass
class Score:
    direct: int = 0
    direct_found: int = 0
    direct_sys: int = 0
    direct_sys_ok: int = 0
    named: int = 0
    named_ok: int = 0
    pronoun: int = 0
    pronoun_ok: int = 0
    indirect: int = 0
    indirect_found: int = 0
    indirect_sys: int = 0
    indirect_sys_ok: int = 0
    indirect_named: int = 0
    indirect_named_ok: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, what, line)

    def add(self, other: Score) -> None:
        for k in self.__dataclass_fields__:
            if k == "errors":
                self.errors += other.errors
            else:
                setattr(self, k, getattr(self, k) + getattr(other, k))

    def metrics(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return a / b if b else 0.0

        return {
            "direct_recall": r(self.direct_found, self.direct),
            "direct_precision": r(self.direct_sys_ok, self.direct_sys),
            "named_speaker_accuracy": r(self.named_ok, self.named),
            "pronoun_speaker_accuracy": r(self.pronoun_ok, self.pronoun),
            "indirect_recall": r(self.indirect_found, self.indirect),
            "indirect_precision": r(self.indirect_sys_ok, self.indirect_sys),
            "indirect_named_accuracy": r(self.indirect_named_ok, self.indirect_named),
        }

    def counts(self) -> str:
        return (
            f"direct {self.direct_found}/{self.direct}, named {self.named_ok}/{self.named}, "
            f"pronoun {self.pronoun_ok}/{self.pronoun}, indirect {self.indirect_found}/{self.indirect}"
        )


def _inside_any(words: set[tuple[int, int]], golds: Iterable[Gold]) -> bool:
    allw: set[tuple[int, int]] = set()
    for g in golds:
        allw |= g.words
    return bool(words) and len(words & allw) >= COVER * len(words)


def score_article(article: Article, doc: Any, pred: list[SysQuote], with_indirect: bool = True) -> Score:
    text = article.text
    sc = Score()
    direct_pred = [(p, _words(text, p.start, p.end)) for p in pred if p.kind == "direct"]
    for _, w in direct_pred:
        sc.direct_sys += 1
        sc.direct_sys_ok += _inside_any(w, article.golds)
    for g in article.golds:
        if not is_direct(g):
            continue
        sc.direct += 1
        covered: set[tuple[int, int]] = set()
        best: SysQuote | None = None
        best_n = 0
        for p, w in direct_pred:
            n = len(w & g.quoted)
            covered |= w & g.quoted
            if n > best_n:
                best, best_n = p, n
        found = len(covered) >= COVER * len(g.quoted)
        snippet = text[g.content[0] : g.content[1]][:90].replace("\n", " ")
        where = f"{article.file[:40]} {snippet!r} <- {g.source_text!r}"
        if not found:
            sc.errors.append((kinds(article, g)[0], "miss", where))
            continue
        sc.direct_found += 1
        if g.name is None or best is None:
            continue
        ok = same_name(best.speaker, g.name) or same_name(best.written, g.name)
        if is_pronoun(g):
            sc.pronoun += 1
            sc.pronoun_ok += ok
        else:
            sc.named += 1
            sc.named_ok += ok
        if not ok:
            sc.errors.append(
                (
                    kinds(article, g)[0],
                    "speaker",
                    f"{where} ({g.name}): got {best.written!r} -> {best.speaker!r}",
                )
            )
    if with_indirect:
        _score_indirect(article, doc, pred, sc)
    return sc


def _score_indirect(article: Article, doc: Any, pred: list[SysQuote], sc: Score) -> None:
    text = article.text
    ind = [(p, _words(text, p.start, p.end)) for p in pred if p.kind == "indirect"]
    for _, w in ind:
        sc.indirect_sys += 1
        sc.indirect_sys_ok += _inside_any(w, article.golds)
    golds = [g for g in article.golds if is_indirect(g, doc)]
    pairs = []
    for i, (_, w) in enumerate(ind):
        for j, g in enumerate(golds):
            inter = len(w & g.words)
            if w and inter >= COVER * len(g.words) and inter >= COVER * len(w):
                pairs.append((inter / len(w | g.words), i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        g, p = golds[j], ind[i][0]
        if g.name is not None and not is_pronoun(g):
            sc.indirect_named += 1
            sc.indirect_named_ok += same_name(p.speaker, g.name) or same_name(p.written, g.name)
    sc.indirect += len(golds)
    sc.indirect_found += len(used_g)
    for j, g in enumerate(golds):
        if j not in used_g:
            snippet = text[g.content[0] : g.content[1]][:90].replace("\n", " ")
            sc.errors.append(
                ("indirect", "miss", f"{article.file[:40]} {g.cue_text!r} {snippet!r} <- {g.source_text!r}")
            )


def show(title: str, sc: Score) -> None:
    print(f"--- {title}: errors by kind")
    by: Counter[tuple[str, str]] = Counter((k, w) for k, w, _ in sc.errors)
    for (kind, what), n in sorted(by.items(), key=lambda kv: -kv[1]):
        print(f"  {kind} / {what}: {n}")
    for kind, what in sorted(by):
        print(f"[{kind} / {what}]")
        for k, w, line in sc.errors:
            if (k, w) == (kind, what):
                print(f"  {line}")


System = Callable[[str, Any], list[SysQuote]]


def run_polnear(
    folder: Path, systems: dict[str, System], halves: list[str], show_errors: bool
) -> dict[str, dict[str, float]]:
    """Scores per system and half ("a", "b", "all"); prints them."""
    from storyline.nlp import parse_many

    articles = load(folder)
    docs = list(parse_many([a.text for a in articles]))
    for a, d in zip(articles, docs, strict=True):
        prepare(a, d)
    results: dict[str, dict[str, float]] = {}
    for name, system in systems.items():
        per = {
            a.file: score_article(a, d, system(a.text, d), name == "storyline")
            for a, d in zip(articles, docs, strict=True)
        }
        for half in halves:
            chosen = articles if half == "all" else half_of(articles, half)
            total = Score()
            for a in chosen:
                total.add(per[a.file])
            m = total.metrics()
            results[f"{name} polnear {half}"] = m
            line = (
                f"{name + ' PolNeAR ' + half:<28} direct R={m['direct_recall']:.3f} "
                f"P={m['direct_precision']:.3f} named={m['named_speaker_accuracy']:.3f} "
                f"pronoun={m['pronoun_speaker_accuracy']:.3f}"
            )
            if name == "storyline":
                line += (
                    f" indirect R={m['indirect_recall']:.3f} P={m['indirect_precision']:.3f}"
                    f" named={m['indirect_named_accuracy']:.3f}"
                )
            print(f"{line}  ({total.counts()})")
            if show_errors and name == "storyline":
                show(f"{name} {half}", total)
    return results
