"""Symbol normalisation: look-alike letters, every dash and space variant, trailing punctuation, placeholders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.symbols import (
    decision_symbol,
    find_decisions,
    find_documents,
    meeting_id,
    normalize_symbol,
    resolve_short_form,
    roman_number,
)

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


# -- every symbol family (issue 11): short forms resolved by the body of the text they stand in -----------------


@pytest.mark.parametrize(
    ("kind", "meeting", "number", "body", "named", "expected"),
    [
        # UNEA: "resolution 4/8" in any text is UNEA's, unless the General Assembly is named or no UNEA had it
        ("resolution", "4", "8", "unea", None, ("resolution", "UNEP/EA.4/Res.8", "unea", 4, 8)),
        ("resolution", "4", "8", "gfc", None, ("resolution", "UNEP/EA.4/Res.8", "unea", 4, 8)),
        ("resolution", "53", "242", "unea", None, ("resolution", "A/RES/53/242", None, 53, 242)),
        ("resolution", "5", "12", "unea", "unga", ("resolution", "A/RES/5/12", None, 5, 12)),
        # UNEP Governing Council: "decision 25/5" in a GC text, or named beside it, or a session UNEA never had
        ("decision", "25", "5", "unep_gc", None, ("decision", "GC.25/5", "unep_gc", 25, 5)),
        ("decision", "24", "3", "minamata", "unep_gc", ("decision", "GC.24/3", "unep_gc", 24, 3)),
        ("decision", "27", "12", "unea", None, ("decision", "GC.27/12", "unep_gc", 27, 12)),
        # ICCM / GFC: roman resolutions
        ("resolution", "V", "1", None, None, ("resolution", "ICCM.5/1", "gfc", 5, 1)),
        ("resolution", "IV", "4", "gfc", None, ("resolution", "ICCM.4/4", "gfc", 4, 4)),
        # old Basel decisions, also cited in Rotterdam and Stockholm texts
        ("decision", "IX", "15", "basel", None, ("decision", "BC-9/15", "basel", 9, 15)),
        ("decision", "VIII", "2", "rotterdam", None, ("decision", "BC-8/2", "basel", 8, 2)),
        ("decision", "IX", "15", None, None, ("decision", "BC-9/15", "basel", 9, 15)),
        # the conventions' own short forms
        ("decision", "5", "16", "minamata", None, ("decision", "MC-5/16", "minamata", 5, 16)),
        ("decision", "10", "3", "stockholm", None, ("decision", "SC-10/3", "stockholm", 10, 3)),
        # not enough context: no guess
        ("decision", "5", "16", None, None, None),
        ("decision", "IIII", "2", None, None, None),
    ],
)
def test_short_forms_resolve_by_context(kind, meeting, number, body, named, expected):
    form = resolve_short_form(kind, meeting, number, body, named)
    assert (None if form is None else (form.ref_kind, form.canonical, form.body, form.meeting, form.number)) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("decision GC.25/5 of the Council", [("decision", "GC.25/5", "unep_gc", 25, 5)]),
        ("resolution ICCM.5/1 on the Framework", [("resolution", "ICCM.5/1", "gfc", 5, 1)]),
        ("document UNEP/GC.25/17 and SAICM/ICCM.5/15", []),  # meeting documents, not decisions
        ("footnote 2BC-10/7 glued", [("decision", "BC-10/7", "basel", 10, 7)]),
    ],
)
def test_written_out_series_symbols(text, found):
    assert [(m.kind, m.canonical, m.body, m.meeting, m.number) for m in find_decisions(text)] == found


def test_a_footnote_number_glued_to_a_document_symbol_is_split_off():
    assert find_documents("seeUNEP/CHW.10/INF/14") == []  # a letter glued: not a symbol start
    text = "guidelines1UNEP/CHW.10/INF/14; 12UNEP/EA.6/Res.3."
    assert [(m.canonical, m.as_written) for m in find_documents(text)] == [
        ("UNEP/CHW.10/INF/14", "UNEP/CHW.10/INF/14"),
        ("UNEP/EA.6/Res.3", "UNEP/EA.6/Res.3"),
    ]


@pytest.mark.parametrize(
    ("body", "meeting", "number", "symbol"),
    [("unea", 6, 3, "UNEP/EA.6/Res.3"), ("unep_gc", 25, 5, "GC.25/5"), ("gfc", 5, 1, "ICCM.5/1"),
     ("basel", 16, 1, "BC-16/1"), ("minamata", 6, 17, "MC-6/17"), ("unknown", 1, 1, None)],
)  # fmt: skip
def test_decision_symbol_and_meeting_of_each_body(body, meeting, number, symbol):
    assert decision_symbol(body, meeting, number) == symbol
    assert roman_number("IX") == 9 and roman_number("XIV") == 14 and roman_number("IIII") is None
    assert meeting_id("unep_gc", 25) == "gc-25" and meeting_id("gfc", 5) == "iccm-5"
