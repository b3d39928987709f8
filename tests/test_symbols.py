"""Symbol normalisation: look-alike letters, every dash and space variant, trailing punctuation, placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.symbols import find_decisions, find_documents, normalize_symbol

CYRILLIC_LOOKALIKE = {"M": "М", "C": "С", "K": "К", "P": "Р", "B": "В", "E": "Е", "A": "А", "O": "О", "T": "Т"}
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("МК-6/17", "MC-6/17"),
        ("MК‑6/17", "MC-6/17"),
        ("MC–5/16", "MC-5/16"),
        ("BC-16/1", "BC-16/1"),
        ("РК-11/2", "RC-11/2"),
        ("СК-11/3", "SC-11/3"),
        ("UNEP/MC/COP.5/INF/28.", "UNEP/MC/COP.5/INF/28"),
        ("UNEP/EA.6/RES.3", "UNEP/EA.6/Res.3"),
        ("UNEP/MC/COP.5/20/add.1", "UNEP/MC/COP.5/20/Add.1"),
        ("UNEP/FAO/RC/COP.11/8", "UNEP/FAO/RC/COP.11/8"),
        ("SAICM/ICCM.5/15", "SAICM/ICCM.5/15"),
        ("MК-6/[--]", None),
    ],
)
def test_normalize_symbol(written, canonical):
    assert normalize_symbol(written) == canonical


def test_joint_document_symbol_is_split():
    joint = "UNEP/CHW.16/INF/1-UNEP/FAO/RC/COP.11/INF/1-UNEP/POPS/COP.11/INF/1."
    assert [m.canonical for m in find_documents(joint)] == [
        "UNEP/CHW.16/INF/1",
        "UNEP/FAO/RC/COP.11/INF/1",
        "UNEP/POPS/COP.11/INF/1",
    ]


def test_spans_point_at_the_text_as_written():
    text = "в решении МК‑5/16 и в документе UNEP/MC/COP.6/19."
    [decision] = find_decisions(text)
    [document] = find_documents(text)
    assert text[decision.start : decision.end] == decision.as_written == "МК‑5/16"
    assert text[document.start : document.end] == "UNEP/MC/COP.6/19"


@given(
    prefix=st.sampled_from(["MC", "BC", "RC", "SC"]),
    meeting=st.integers(min_value=1, max_value=30),
    number=st.integers(min_value=1, max_value=300),
    disguise=st.lists(st.booleans(), min_size=2, max_size=2),
    dash=st.sampled_from(DASHES),
    spaces=st.sampled_from(["", " ", "\u00a0"]),
    trailing=st.sampled_from(["", ".", ",", ";"]),
)
def test_any_typing_of_a_decision_symbol_normalises(prefix, meeting, number, disguise, dash, spaces, trailing):
    letters = [
        CYRILLIC_LOOKALIKE[c] if d and c in CYRILLIC_LOOKALIKE else c for c, d in zip(prefix, disguise, strict=True)
    ]
    written = f"{''.join(letters)}{spaces}{dash}{spaces}{meeting}/{number}{trailing}"
    assert normalize_symbol(f"see {written} here") == f"{prefix}-{meeting}/{number}"


@given(
    meeting=st.integers(min_value=1, max_value=20),
    number=st.integers(min_value=1, max_value=99),
    inf=st.booleans(),
    trailing=st.sampled_from(["", ".", ",", ";", ")"]),
)
def test_document_symbols_lose_trailing_punctuation(meeting, number, inf, trailing):
    canonical = f"UNEP/MC/COP.{meeting}/{'INF/' if inf else ''}{number}"
    assert normalize_symbol(f"(document {canonical}{trailing}") == canonical


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_normaliser_never_crashes(text):
    result = normalize_symbol(text)
    assert result is None or result.isascii()
