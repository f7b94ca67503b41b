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
