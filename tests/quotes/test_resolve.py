"""Who a speaker stands for: pronouns, descriptions and names inside noun phrases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Quote

Run = Callable[[str], list[Quote]]


def _who(qs: list[Quote], start: str) -> str | None:
    (q,) = [q for q in qs if q.text.startswith(start)]
    return q.speaker_resolved or q.speaker


@pytest.mark.parametrize(
    ("text", "start", "resolved"),
    [
        # the previous sentence's subject continues as "he", not the man it met
        (
            "Paul Grant runs the port. He met Luis Ortega on Friday.\n\n“We will reopen the docks,” he said.",
            "We will reopen",
            "Paul Grant",
        ),
        # a sentence naming nobody is looked across to the last named subject
        (
            "Maria Lopez filed a motion on Monday. The hearing is set for May.\n\n“My clients waited long enough,” she said.",
            "My clients",
            "Maria Lopez",
        ),
        # a surname alone as subject is the person named in full earlier
        (
            "Judge Rita Hanley Jr. met the lawyers of Omar Diaz. Hanley spoke for an hour.\n\n"
            "“The court will not wait,” she said.",
            "The court will not",
            "Hanley",
        ),
        # "it" continues the organisation quoted just before
        (
            "The Port Authority said the ferry would resume on Monday.\n\n“Safety checks are complete,” it added.",
            "Safety checks",
            "The Port Authority",
        ),
    ],
)
def test_pronoun_continues_the_subject(quotes: Run, text: str, start: str, resolved: str) -> None:
    who = _who(quotes(text), start)
    assert who is not None and who.endswith(resolved)


@pytest.mark.parametrize(
    ("text", "start", "resolved"),
    [
        # a description introduced as an apposition of a name, in either order
        (
            "The Riverside Tenants Union, a group of renters in the east of the city, held a rally.\n\n"
            "The group said the rent increases were unlawful.",
            "the rent increases",
            "Riverside Tenants Union",
        ),
        (
            "The union, Riverside Tenants Union, was formed last year.\n\n“We will not pay,” the union said.",
            "We will not pay",
            "Riverside Tenants Union",
        ),
        # the name inside the subject's noun phrase wins over its description
        (
            "City council spokesman Daniel Moore said: “The bridge will stay closed.”",
            "The bridge",
            "Daniel Moore",
        ),
        ("The mayor's deputy, Karen Walsh, said that the budget would be cut.", "the budget", "Karen Walsh"),
    ],
)
def test_description_resolves_to_its_name(quotes: Run, text: str, start: str, resolved: str) -> None:
    assert _who(quotes(text), start) == resolved


def test_title_written_out_with_the_name_later(quotes: Run) -> None:
    text = (
        "Spain’s ambassador warned that the talks “could collapse” within days.\n\n"
        "Spain’s ambassador to Mexico Jorge Ruiz said the offer was final."
    )
    who = _who(quotes(text), "could collapse")
    assert who is not None and who.endswith("Jorge Ruiz")
