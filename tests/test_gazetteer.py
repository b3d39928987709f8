"""Organisation and addressee names found whatever their case ending, article or attached preposition.

The gazetteer (dbt_project/seeds/organization_aliases.csv) holds each name once per language in its base form; the
language's stemming rule (extractors/lexicon/<lang>.yaml) makes declined Russian forms, French elided articles,
Arabic prefixes (ال, و, ل, ب, لل) and Spanish plurals meet that form. Chinese is matched character by character.
"""

from __future__ import annotations

import pytest

from extractors.gazetteer import actor_matcher, expand_groups, organization_matcher
from extractors.lexicon import load_lexicon


def found(language: str, text: str) -> list[tuple[str, str]]:
    return [(hit.key, hit.as_written) for hit in organization_matcher(language).find_all(text)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # Russian: declined forms
        ("ru", "сотрудничество с Глобальным партнерством по ртути", [("gmp", "Глобальным партнерством по ртути")]),
        ("ru", "в рамках Глобального партнерства по ртути", [("gmp", "Глобального партнерства по ртути")]),
        ("ru", "Всемирной организации здравоохранения", [("who", "Всемирной организации здравоохранения")]),
        ("ru", "с Всемирной организацией здравоохранения", [("who", "Всемирной организацией здравоохранения")]),
        ("ru", "поручает Ассамблее Организации Объединенных Наций по окружающей среде",
         [("unea", "Ассамблее Организации Объединенных Наций по окружающей среде")]),
        # French: elided and contracted articles, capitals
        ("fr", "l'Organisation mondiale de la Santé", [("who", "Organisation mondiale de la Santé")]),
        ("fr", "de l’Organisation mondiale de la Santé", [("who", "Organisation mondiale de la Santé")]),
        ("fr", "avec l’Organisation Mondiale de la Santé", [("who", "Organisation Mondiale de la Santé")]),
        ("fr", "les travaux du Partenariat mondial sur le mercure", [("gmp", "Partenariat mondial sur le mercure")]),
        ("fr", "au PNUE et au Programme des Nations Unies pour l’environnement",
         [("unep", "PNUE"), ("unep", "Programme des Nations Unies pour l’environnement")]),
        # Spanish
        ("es", "de la Organización Mundial de la Salud", [("who", "Organización Mundial de la Salud")]),
        ("es", "con la Alianza Mundial sobre el Mercurio", [("gmp", "Alianza Mundial sobre el Mercurio")]),
        # Arabic: the article and one-letter prepositions/conjunction joined to the first word, diacritics
        ("ar", "منظمة الصحة العالمية", [("who", "منظمة الصحة العالمية")]),
        ("ar", "لمنظمة الصحة العالمية", [("who", "لمنظمة الصحة العالمية")]),
        ("ar", "الأطراف ومنظمة الصحة العالمية", [("who", "منظمة الصحة العالمية")]),  # و is not part of the name
        ("ar", "بالتعاون مع الشراكة العالمية بشأن الزئبق", [("gmp", "الشراكة العالمية بشأن الزئبق")]),
        ("ar", "تقرير للشراكة العالمية بشأن الزئبق", [("gmp", "للشراكة العالمية بشأن الزئبق")]),
        ("ar", "والشراكة العالمية بشأن الزئبق", [("gmp", "الشراكة العالمية بشأن الزئبق")]),
        ("ar", "الشَّراكة العالميَّة بشأن الزئبق", [("gmp", "الشَّراكة العالميَّة بشأن الزئبق")]),
        ("ar", "وبرنامج الأمم المتحدة للبيئة", [("unep", "برنامج الأمم المتحدة للبيئة")]),
        # Chinese: no spaces, names inside running text
        ("zh", "世界卫生组织", [("who", "世界卫生组织")]),
        ("zh", "邀请缔约方和世界卫生组织交流信息", [("who", "世界卫生组织")]),
        ("zh", "继续与全球汞伙伴关系开展合作", [("gmp", "全球汞伙伴关系")]),
        ("zh", "与世卫组织和劳工组织合作", [("who", "世卫组织"), ("ilo", "劳工组织")]),
        # English, and Latin acronyms in every language
        ("en", "the World Health Organization's report", [("who", "World Health Organization")]),
        ("ru", "при поддержке GEF", [("gef", "GEF")]),
        ("zh", "与UNEP合作", [("unep", "UNEP")]),
    ],
)  # fmt: skip
def test_names_match_in_any_form(language, text, expected):
    assert found(language, text) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "l’Organisation mondiale du commerce", "wto"),
        ("es", "la Organización Mundial del Comercio", "wto"),
        ("ar", "لمنظمة التجارة العالمية", "wto"),
        ("zh", "世界贸易组织", "wto"),
        ("ar", "منظمة العمل الدولية", "ilo"),
    ],
)
def test_similar_names_are_not_confused(language, text, expected):
    assert [key for key, _ in found(language, text)] == [expected]


def test_longest_name_wins():
    # the full Basel title is one mention, not "Basel Convention" plus leftovers
    text = (
        "Convention de Bâle sur le contrôle des mouvements transfrontières de déchets dangereux et de leur élimination"
    )
    assert [key for key, _ in found("fr", text)] == ["basel"]


def test_three_conventions_are_the_brs_group():
    keys = [key for key, _ in found("zh", "与巴塞尔公约、鹿特丹公约和斯德哥尔摩公约的秘书处合作")]
    assert keys == ["brs"]
    assert expand_groups(keys) == ["brs", "basel", "rotterdam", "stockholm"]
    keys = [key for key, _ in found("ar", "اتفاقية بازل واتفاقية روتردام واتفاقية استكهولم")]
    assert expand_groups(keys) == ["basel", "rotterdam", "stockholm", "brs"]


@pytest.mark.parametrize(
    ("language", "text", "start", "expected"),
    [
        ("fr", "Invite les Parties et l’OMS", "Invite", ("parties", "Parties")),
        ("fr", "Prie également le Secrétariat de", "Prie", ("secretariat", "Secrétariat")),
        ("fr", "Autorise la Secrétaire exécutive à", "Autorise", ("executive_secretary", "Secrétaire exécutive")),
        ("fr", "encourage les États non Parties à", "encourage", ("non_parties", "États non Parties")),
        ("es", "Pide también a la Secretaría que", "Pide", ("secretariat", "Secretaría")),
        ("es", "Autoriza al Secretario Ejecutivo a", "Autoriza", ("executive_secretary", "Secretario Ejecutivo")),
        ("ar", "يطلب أيضاً إلى الأمانة أن", "يطلب", ("secretariat", "الأمانة")),
        ("ar", "يأذن للأمين التنفيذي بأن", "يأذن", ("executive_secretary", "للأمين التنفيذي")),
        ("ar", "ويشجع الدول غير الأطراف على", "ويشجع", ("non_parties", "الدول غير الأطراف")),
        ("zh", "请各缔约方提交", "请", ("parties", "缔约方")),  # 各 ("each") is skipped
        ("zh", "请各国政府提交", "请", ("governments", "各国政府")),  # ... unless a name starts with it
        ("zh", "邀请各国政府和秘书处", "邀请", ("governments", "各国政府")),
        ("en", "Urges all Parties to", "Urges", ("parties", "all Parties")),
        ("zh", "鼓励非缔约方也这样做", "鼓励", ("non_parties", "非缔约方")),
        ("zh", "请缔约方大会审议", "请", ("conference_of_the_parties", "缔约方大会")),
        # UNEA and Governing Council resolutions: UNEP's Executive Director, the Member States
        ("en", "Requests the Executive Director, within available resources, to", "Requests",
         ("executive_director", "Executive Director")),
        ("fr", "Prie la Directrice exécutive de", "Prie", ("executive_director", "Directrice exécutive")),
        ("es", "Pide al Director Ejecutivo que", "Pide", ("executive_director", "Director Ejecutivo")),
        ("ru", "просит Директора-исполнителя подготовить", "просит", ("executive_director", "Директора-исполнителя")),
        ("ar", "يطلب إلى المدير التنفيذي أن", "يطلب", ("executive_director", "المدير التنفيذي")),
        ("zh", "请执行主任编写", "请", ("executive_director", "执行主任")),
        ("en", "Encourages Member States to", "Encourages", ("member_states", "Member States")),
        ("fr", "Encourage les États membres à", "Encourage", ("member_states", "États membres")),
        ("es", "Alienta a los Estados miembros a", "Alienta", ("member_states", "Estados miembros")),
        ("ru", "призывает государства-члены рассмотреть", "призывает", ("member_states", "государства-члены")),
        ("ar", "يشجع الدول الأعضاء على", "يشجع", ("member_states", "الدول الأعضاء")),
        ("zh", "鼓励各会员国审议", "鼓励", ("member_states", "会员国")),
    ],
)  # fmt: skip
def test_addressee_right_after_the_verb(language, text, start, expected):
    lexicon = load_lexicon(language)
    hit = actor_matcher(language).match_at(text, len(start), lexicon.actor_skip_words)
    assert hit is not None and (hit.key, hit.as_written) == expected


@pytest.mark.parametrize(
    ("language", "words", "stem"),
    [
        ("ar", ["الأمانة", "للأمانة", "بالأمانة", "والأمانة", "الامانة", "الأمانَة"], "امانه"),
        ("ar", ["منظمة", "لمنظمة", "ومنظمة", "المنظمة"], "منظمه"),
        ("fr", ["Parties", "Partie", "parties"], "parti"),
        ("es", ["Partes", "Parte"], "part"),
        ("ru", ["партнерство", "партнерством", "партнерства"], "партнерств"),
        ("ru", ["Ассамблея", "Ассамблеи", "Ассамблее", "Ассамблею", "Ассамблеей"], "ассамбл"),
        ("ru", ["Конвенция", "Конвенции", "Конвенцию", "Конвенцией"], "конвенц"),
    ],
)
def test_stems_meet(language, words, stem):
    lexicon = load_lexicon(language)
    assert {lexicon.stem(word) for word in words} == {stem}


def test_short_words_keep_their_letters():
    # a prefix is stripped only if min_stem letters remain: "إلى" (to) is not "ال" + "ى"
    assert load_lexicon("ar").stem("إلى") == "الي"
    assert load_lexicon("fr").stem("les") == "les"


def test_addressee_after_an_attached_conjunction_and_after_a_word_boundary():
    """match_at reuses the paragraph's stems when pos is between words, and stems the rest of the text when pos is
    inside a word (after the و that the addressee joiner consumed): both give the name as written."""
    from extractors.text import splits_token

    text = "الأطراف ومنظمة الصحة العالمية"
    inside = text.index("منظمة")
    assert splits_token(text, inside) and not splits_token(text, inside - 1)
    hit = organization_matcher("ar").match_at(text, inside)
    assert (hit.key, hit.start, hit.as_written) == ("who", inside, "منظمة الصحة العالمية")
    hit = organization_matcher("ar").match_at(text, inside - 1)  # before و: the و is left out of the name
    assert (hit.key, hit.start, hit.as_written) == ("who", inside, "منظمة الصحة العالمية")
    assert not splits_token("请缔约方和世界卫生组织", 3, by_chars=True)  # every Han character is a token
    assert splits_token("与UNEP合作", 2, by_chars=True)
