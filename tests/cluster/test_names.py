"""Name keys across scripts and spellings (cluster.names)."""

from __future__ import annotations

import pytest

from newsprism.cluster.names import name_key, name_keys, romanised


@pytest.mark.parametrize("spellings", [
    ("Zelensky", "Zelenskyy", "Selenskyj", "Зеленский", "Зеленський", "Zelenski"),
    ("Trump", "Трамп"),
    ("Macron", "Макрон", "Macrón"),
    ("Putin", "Путин", "Путін"),
    ("Singapore", "Сингапур", "Singapur"),
])
def test_one_name_in_several_scripts_has_one_key(spellings):
    assert len({name_key(s) for s in spellings}) == 1, {s: name_key(s) for s in spellings}


@pytest.mark.parametrize(("one", "other"), [
    ("Trump", "Tusk"), ("Macron", "Merkel"), ("Zelensky", "Scholz"), ("Putin", "Peskov"),
    ("Helene", "Milton"),
])
def test_different_names_have_different_keys(one, other):
    assert name_key(one) != name_key(other)


def test_keys_of_names_leave_out_figures_and_short_words():
    assert name_keys(["Volodymyr Zelensky", "2024", "EU", "Kyiv"]) == {"vldmr", "slnsk"}
    assert name_key("EU") is None and name_key("Kyiv") is None  # "kv" tells too little


def test_a_word_too_short_for_a_key_is_still_romanised_alike_in_both_scripts():
    assert (name_key("Ле"), name_key("Пен")) == (None, None)
    assert [romanised(w) for w in ("Ле", "Le", "Пен", "Pen", "Хо", "Ho")] == [
        "le", "le", "pen", "pen", "ho", "ho"]


def test_a_big_storys_passing_names_do_not_count_as_names_in_common():
    from newsprism.cluster.engine import MAX_NAMES, StoryState, _add_names, _names_in_common
    from newsprism.cluster.features import Features

    article = Features(article_id=1, language="de", text="x", lexical={}, time=1.0,
                       entities=["Donald Trump", "Kim Jong Un"])
    story = StoryState(id=7, size=10, names={name_key("Trump"): 3, name_key("Donald"): 1})
    assert _names_in_common(article, story) == 1  # Trump: 3 of 10 members; Donald: 1 of 10
    small = StoryState(id=8, size=2, names={name_key("Trump"): 1, name_key("Donald"): 1})
    assert _names_in_common(article, small) == 2
    crowded = StoryState(id=9, size=1)
    _add_names(crowded, [f"Name{chr(65 + k // 26)}{chr(65 + k % 26)}x" for k in range(600)], 1)
    assert len(crowded.names) <= MAX_NAMES
