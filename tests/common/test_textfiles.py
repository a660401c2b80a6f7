"""Decoding CSV files as people save them: UTF-8 with or without BOM,
GB18030/GBK and Windows-1251, detected or chosen; a chosen encoding that
cannot read the bytes is refused with the line where it fails."""

import codecs

import pytest

from common import textfiles
from common.textfiles import CP1251, GB18030, UTF8, UndecodableText, decode_text, sniff_dialect

CHINESE = [
    "东北虎豹国家公园",
    "珲春东北虎国家级自然保护区",
    "吉林省林业和草原局",
    "黑龙江",
    "汪清",
    "虎",
    "猫科动物研究中心",
    "新华社（2025），表4",
    "绥阳",
    "老爷岭",
]
RUSSIAN = [
    "«Земля леопарда»",
    "Национальный парк «Земля леопарда»",
    "Кедровая падь",
    "Сихотэ-Алинский заповедник",
    "ООО ТигрЦентр",
    "ДВО РАН",
    "Отчёт за 2025 г., стр. 4",
    "Бикин",
    "Я",
    "Ёж",
    "Уссурийский заповедник им. В. Л. Комарова",
]


def table(name: str) -> str:
    return f"region,year,source\n{name},2025,survey\n"


@pytest.mark.parametrize("name", CHINESE)
def test_gbk_and_gb18030_chinese_is_detected(name):
    for codec in ("gbk", "gb18030"):
        decoded = decode_text(table(name).encode(codec))
        assert (decoded.text, decoded.encoding, decoded.detected) == (table(name), GB18030, True)


@pytest.mark.parametrize("name", RUSSIAN)
def test_windows_1251_russian_is_detected(name):
    decoded = decode_text(table(name).encode("cp1251"))
    assert (decoded.text, decoded.encoding, decoded.detected) == (table(name), CP1251, True)


@pytest.mark.parametrize("name", [*CHINESE, *RUSSIAN])
def test_utf8_with_and_without_bom_is_read_and_the_bom_dropped(name):
    for data in (table(name).encode("utf-8"), codecs.BOM_UTF8 + table(name).encode("utf-8")):
        decoded = decode_text(data)
        assert (decoded.text, decoded.encoding) == (table(name), UTF8)
        assert not decoded.text.startswith("\ufeff")
        assert decode_text(data, UTF8).text == table(name)


def test_a_chosen_encoding_is_used_and_not_called_detected():
    decoded = decode_text(table("东北虎豹国家公园").encode("gbk"), GB18030)
    assert (decoded.text, decoded.detected, decoded.likely) == (
        table("东北虎豹国家公园"),
        False,
        "",
    )
    decoded = decode_text(table("«Земля леопарда»").encode("cp1251"), CP1251)
    assert (decoded.text, decoded.detected, decoded.likely) == (
        table("«Земля леопарда»"),
        False,
        "",
    )


def test_a_chosen_encoding_that_cannot_read_the_bytes_names_the_line():
    data = "region,year\nHunchun,2024\nЗемля леопарда,2025\n".encode("cp1251")
    with pytest.raises(UndecodableText) as refused:
        decode_text(data, UTF8)
    assert refused.value.line == 3
    assert "Line 3 of the file is not UTF-8" in str(refused.value)
    with pytest.raises(UndecodableText) as refused:
        decode_text(data, GB18030)
    assert refused.value.line == 3


def test_a_utf8_bom_refuses_a_chosen_legacy_encoding():
    data = codecs.BOM_UTF8 + table("东北虎豹国家公园").encode("utf-8")
    with pytest.raises(UndecodableText, match="UTF-8"):
        decode_text(data, GB18030)


def test_a_chosen_encoding_that_reads_the_bytes_wrongly_says_which_would_not():
    """Windows-1251 reads almost any bytes: GBK read with it is garbled but
    not refused, so the result names the encoding that reads it properly
    (the preview shows it)."""
    decoded = decode_text(table("东北虎豹国家公园").encode("gbk"), CP1251)
    assert decoded.text != table("东北虎豹国家公园")
    assert decoded.likely == GB18030
    decoded = decode_text(table("东北虎豹国家公园").encode("utf-8"), CP1251)
    assert decoded.likely == UTF8


def test_bytes_no_encoding_reads_are_refused():
    with pytest.raises(UndecodableText, match="not text in UTF-8, GB18030 or Windows-1251"):
        decode_text(b"region\n\x98\xff\n")


def test_an_unknown_encoding_is_refused():
    with pytest.raises(UndecodableText):
        decode_text(b"region\n", "latin-1")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("регион;год;оценка\nПриморье;2025;120,5\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("region\nHunchun\n", ","),
    ],
)
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff_dialect(text).delimiter == delimiter


def test_every_choice_has_a_label():
    assert {value for value, _label in textfiles.ENCODING_CHOICES} == {
        textfiles.AUTO,
        UTF8,
        GB18030,
        CP1251,
    }
