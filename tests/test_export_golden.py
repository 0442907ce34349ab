"""The example's export is byte-identical to the pinned one: refactors may not change results.

An intended change of results regenerates it (and the diff is reviewed with the change):
``STORYLINE_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from storyline.entities.aliases import load_aliases
from storyline.export import export
from storyline.pipeline import analyze
from storyline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kazakhstan-reforms"
GOLDEN = Path(__file__).parent / "golden" / "example-export.json"


# The CLI releases the spaCy pipeline once parsing is done (a window pass reloads it).
@pytest.mark.parametrize("release_models", [False, True])
def test_example_export_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, release_models: bool
) -> None:
    aliases = load_aliases(ROOT / "examples" / "kazakhstan-reforms.aliases.toml")
    monkeypatch.chdir(ROOT)  # sources are recorded as given: relative, the same on every machine
    with open_store(str(tmp_path / "s.db")) as store:
        # Lexical quote matching: embedding floats may differ in the last bits between CPUs.
        analyze(
            [str(EXAMPLE.relative_to(ROOT))],
            store,
            aliases=aliases,
            quote_embedder="none",
            release_models=release_models,
        )
        out = io.StringIO()
        export(store, "json", out)
    if os.environ.get("STORYLINE_REGEN_GOLDEN") == "1":
        GOLDEN.write_text(out.getvalue(), encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert out.getvalue() == expected, "export changed: see the module docstring to review and regenerate"
