"""Word differences for translators: marked, and nothing from the text becomes HTML."""

from common.textdiff import plain_text, word_diff


def test_removed_and_added_words_are_marked():
    before, after = word_diff("Rangers removed 30 snares.", "Rangers removed 40 snares.")
    assert before == "Rangers removed <del>30</del> snares."
    assert after == "Rangers removed <ins>40</ins> snares."


def test_the_text_is_escaped_before_marking():
    before, after = word_diff("a", 'a <script>alert("x")</script>')
    assert "<script>" not in after and "&lt;script&gt;" in after
    assert before == "a"


def test_rich_text_is_compared_as_its_words():
    assert plain_text("<p>Tigers &amp; leopards</p>\n<p>grow</p>") == "Tigers & leopards grow"
