"""Span fixes for natasha's Russian NER: where its spans end, and what they miss.

Each rule reads the span and its neighbouring tokens (morphology, tree) only;
none names a person, place or organisation.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.entities.spans import Span

# Marks natasha sometimes takes into a span: quotes and brackets around a name stay outside.
EDGE_MARKS = frozenset('«»"“”„()[],.;:!?')


def ner_spans_ru(doc: Doc) -> list[Span]:
    """The NER spans, trimmed of marks at their edges."""
    spans: list[Span] = []
    for ent in doc.ents:
        i, j = ent.start, ent.end
        while i < j and (doc[i].text in EDGE_MARKS or doc[i].is_space):
            i += 1
        while j > i and (doc[j - 1].text in EDGE_MARKS or doc[j - 1].is_space):
            j -= 1
        if i < j:
            spans.append(Span(i=i, j=j, label=ent.label_))
    return spans
