"""Calendar and figure marks, and when two articles' marks clash."""

from __future__ import annotations

from newsprism.cluster.marks import clash, figures, marks_of


def test_weekdays_months_and_figures_are_read_with_their_units():
    marks = marks_of("On Friday the economy added 157,000 jobs in July; unemployment fell to "
                     "3.9% and the deficit hit $1.2 billion, the lowest since 2018.", "en")
    assert marks["w"] == [4] and marks["m"] == [6]
    assert marks["f"] == {"$": [1.2e9], "%": [3.9], "jobs": [157000.0], "year": [2018.0]}
    assert "m" not in marks_of("Officials may resign.", "en")  # "may" is not read as a month


def test_decimal_commas_are_read_per_language():
    assert figures("Die Inflation lag bei 3,5 % und 1.000 Menschen", "de")["%"] == [3.5]
    assert figures("Inflation was 3.5% as 1,000 people", "en")["%"] == [3.5]


def test_one_report_agrees_and_the_next_months_report_clashes():
    july = marks_of("The economy added 157,000 jobs in July, the Labor Department said Friday.",
                    "en")
    again = marks_of("Employers added 157,000 jobs in July.", "en")
    june = marks_of("The economy added 213,000 jobs in June, the report said on Friday.", "en")
    assert clash(july, again) == 0
    assert clash(july, june) == 2  # the month and the figure for "jobs"
    assert clash(july, marks_of("No figures here.", "en")) == 0


def test_across_languages_only_what_reads_the_same_is_compared():
    en = marks_of("Zelensky wrote on Thursday; 300 prisoners were swapped.", "en")
    es = marks_of("Zelenski escribió este jueves; 300 prisioneros fueron canjeados.", "es")
    de = marks_of("Selenskyj schrieb am Dienstag; 250 Gefangene wurden ausgetauscht.", "de")
    assert clash(en, es) == 0
    assert clash(en, de) == 1  # Thursday vs Tuesday; "prisoners"/"Gefangene" not compared
    ru = marks_of("В среду, 5 июня, Россия и Украина обменялись пленными.", "ru")
    uk = marks_of("У середу, 5 червня, Росія та Україна обміняли полонених.", "uk")
    assert ru["w"] == uk["w"] == [2] and ru["m"] == uk["m"] == [5]
    assert clash(ru, uk) == 0
    assert clash(ru, marks_of("Unknown words only 2020", "xx")) == 0
