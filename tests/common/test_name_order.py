"""Lists of named things read in the order of the names the reader sees (the
Russian, Mongolian, Chinese or Korean name, not the English one), and
stakeholder types carry translated names like the other named things."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from common.names import by_local_name, collation_key
from tests.factories import CountryFactory, OrganisationFactory, StakeholderTypeFactory
from tests.factories.news import FieldTranslationFactory
from tests.factories.workinggroups import WorkingGroupFactory


@pytest.mark.parametrize(
    ("language", "shuffled", "ordered"),
    [
        # ё right after е, not after я
        ("ru", ["Ёлки", "Жуки", "Ель", "Яблони"], ["Ель", "Ёлки", "Жуки", "Яблони"]),
        # ө after о, ү after у (code points put them after я)
        ("mn", ["Өвөр", "Пүрэв", "Оюу", "Үүр", "Ус"], ["Оюу", "Өвөр", "Пүрэв", "Ус", "Үүр"]),
        # pinyin: an, li, zhang (code points: 安 5B89, 张 5F20, 李 674E)
        ("zh-hans", ["张", "李", "安"], ["安", "李", "张"]),
        ("ko", ["중국", "대한민국", "몽골"], ["대한민국", "몽골", "중국"]),
        ("en", ["mongolia", "China", "Japan"], ["China", "Japan", "mongolia"]),
    ],
)
def test_collation_key_follows_the_language(language, shuffled, ordered):
    assert sorted(shuffled, key=lambda text: collation_key(text, language)) == ordered


def _name(target, language, text):
    return FieldTranslationFactory(target=target, field="name", language=language, text=text)


@pytest.mark.django_db
def test_the_group_list_is_in_the_order_of_the_readers_names(client):
    alpha = WorkingGroupFactory(name="Alpha monitoring")
    zeta = WorkingGroupFactory(name="Zeta corridors")
    _name(alpha, "ru", "Ягуары и мониторинг")
    _name(zeta, "ru", "Амурские коридоры")
    english = client.get(reverse("workinggroups:list")).content.decode()
    assert english.index("Alpha monitoring") < english.index("Zeta corridors")
    with translation.override("ru"):
        address = reverse("workinggroups:list")
    russian = client.get(address).content.decode()
    assert russian.index("Амурские коридоры") < russian.index("Ягуары и мониторинг")


@pytest.mark.django_db
def test_the_directory_country_filter_is_in_korean_order_with_international_last(client):
    for code in ("CN", "RU", "KR", "JP", "MN", "KP", "INT"):
        CountryFactory(code=code)
    html = client.get("/ko/members/").content.decode()
    select = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
    names = re.findall(r'<option value="[A-Z]+"[^>]*>([^<]+)</option>', select)
    assert names[-1] == "국제"  # International
    assert names[:-1] == sorted(names[:-1]) and names[0] == "대한민국"
    assert names.index("대한민국") < names.index("조선민주주의인민공화국")


@pytest.mark.django_db
def test_the_directory_lists_members_by_their_russian_names(client):
    OrganisationFactory(name="Amur Tiger Centre")
    zoo = OrganisationFactory(name="Zoological Society")
    _name(zoo, "ru", "Зоологическое общество")
    other = OrganisationFactory(name="Bears Fund")
    _name(other, "ru", "Фонд медведей")
    html = client.get("/ru/members/?q=").content.decode()
    # Amur (Latin, no Russian name) < Зоологическое < Фонд; English: Amur < Bears < Zoological
    assert html.index("Amur Tiger Centre") < html.index("Зоологическое общество")
    assert html.index("Зоологическое общество") < html.index("Фонд медведей")


@pytest.mark.django_db
def test_a_stakeholder_type_carries_a_published_name_translation(client):
    kind = StakeholderTypeFactory(slug="ranger-association", name="Ranger association")
    OrganisationFactory(stakeholder_type=kind)
    _name(kind, "ja", "レンジャー協会")
    with translation.override("ja"):
        assert str(kind) == "レンジャー協会"
    with translation.override("zh-hans"):
        assert str(kind) == "Ranger association"  # no Chinese name: the English one
    assert "レンジャー協会" in client.get("/ja/members/?q=").content.decode()


@pytest.mark.django_db
def test_stakeholder_types_keep_the_secretariats_order():
    second = StakeholderTypeFactory(slug="a-second", name="Academia", sort_order=2)
    first = StakeholderTypeFactory(slug="z-first", name="Zoos", sort_order=1)
    assert by_local_name([second, first], "en") == [first, second]
