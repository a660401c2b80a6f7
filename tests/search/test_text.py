"""The query cleaned into terms, and highlighting that never lets HTML through
(no database)."""

import pytest

from search import text
from search.text import parse


def test_words_are_lower_cased_deduplicated_and_split_at_punctuation():
    terms = parse("  Amur TIGER, amur-leopard; a_b  ")
    assert terms.terms == ("amur", "tiger", "leopard", "a", "b")
    assert terms.text == "Amur TIGER, amur-leopard; a_b"
    assert terms.searchable


@pytest.mark.parametrize("raw", ["", "   ", None, "\x00", "\t\n"])
def test_an_empty_query_has_no_terms(raw):
    terms = parse(raw)
    assert terms.text == ""
    assert not terms.searchable


@pytest.mark.parametrize("raw", ["%", "_", "%_%", "🐯🐆", "'\"", "--", "<>"])
def test_a_query_without_letters_or_digits_has_no_terms(raw):
    terms = parse(raw)
    assert terms.text == raw
    assert not terms.searchable


def test_sql_looking_input_is_just_words():
    assert parse("' OR 1=1 --").terms == ("or", "1")
    assert parse("'; DROP TABLE x; --").terms == ("drop", "table", "x")


def test_other_scripts_are_words_too():
    assert parse("东北虎豹 кириллица Тигр").terms == ("东北虎豹", "кириллица", "тигр")
    assert parse("东北虎豹").has_cjk
    assert parse("호랑이").has_cjk
    assert not parse("кириллица").has_cjk


def test_control_and_private_use_characters_are_dropped():
    terms = parse("tiger\x00leopard\ue000x\ue001")
    assert terms.terms == ("tiger", "leopard", "x")
    assert "\x00" not in terms.text and text.START_SEL not in terms.text


def test_a_long_query_is_cut_and_says_so():
    terms = parse("tiger " * 100)
    assert terms.truncated
    assert len(terms.text) <= text.MAX_QUERY_LENGTH
    assert terms.terms == ("tiger",)
    assert not parse("tiger").truncated


def test_at_most_ten_terms():
    assert len(parse(" ".join(f"w{n}" for n in range(30))).terms) == text.MAX_TERMS


def test_tsquery_quotes_every_term_as_a_prefix():
    assert text.tsquery(parse("Amur leopard")) == "'amur':* & 'leopard':*"


def test_highlight_escapes_everything_and_marks_the_terms():
    html = text.highlight("<b>Tiger</b> & tigress", parse("tig"))
    assert html == "&lt;b&gt;<mark>Tig</mark>er&lt;/b&gt; &amp; <mark>tig</mark>ress"


def test_highlight_with_whole_words_marks_the_words_a_term_begins():
    html = text.highlight("Tigers and a sabertiger", parse("tiger"), whole_words=True)
    assert html == "<mark>Tigers</mark> and a sabertiger"


def test_highlight_of_a_term_that_looks_like_markup():
    html = text.highlight("a <script>alert(1)</script> b", parse("<script>"))
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html


def test_cyrillic_matches_regardless_of_case():
    assert text.highlight("Амурский ТИГР", parse("тигр")) == "Амурский <mark>ТИГР</mark>"


def test_snippet_is_a_window_around_the_first_match():
    body = " ".join(["filler"] * 100) + " the leopard crossed " + " ".join(["after"] * 100)
    snippet = text.snippet(body, parse("leopard"))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>leopard</mark>" in snippet
    assert len(snippet) < text.SNIPPET_CHARS + 40


def test_snippet_without_a_match_is_the_beginning():
    snippet = text.snippet("<i>Short</i> text", parse("leopard"))
    assert snippet == "&lt;i&gt;Short&lt;/i&gt; text"
    assert text.snippet("", parse("x")) == ""


def test_headline_markers_become_mark_and_nothing_else_is_html():
    raw = f"a <img src=x onerror=alert(1)> {text.START_SEL}tiger{text.STOP_SEL} b"
    html = text.marked_headline(raw)
    assert html == "a &lt;img src=x onerror=alert(1)&gt; <mark>tiger</mark> b"


def test_unpaired_headline_markers_are_dropped():
    raw = f"{text.STOP_SEL}x {text.START_SEL}{text.START_SEL}y{text.STOP_SEL} z{text.START_SEL}"
    assert text.marked_headline(raw) == "x <mark>y</mark> z"
    assert text.marked_headline(None) == ""
