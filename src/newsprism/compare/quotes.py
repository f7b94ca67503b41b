"""Group the quotes of a story's articles by speaker: which outlets used which remark.

Within one speaker (matched by last name, so "Zelensky" meets "Volodymyr Zelensky"), two quotes
from different articles are

- ``verbatim``: the shorter one's words appear in the longer one in order (transcription noise
  allowed: at most one word in ten differs), e.g. the same sentence of a letter;
- ``reworded``: at least half of the shorter one's words, and four or more, occur in the other
  (two translations of one remark: "absolutely ready and willing to reach an agreement" vs
  "certainly prepared and willing to reach an agreement");

and a quote no other article carries is ``single-source``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from newsprism.analyze.claims import entity_key
from newsprism.analyze.records import Quote

__all__ = ["QuoteGroup", "group_quotes", "quote_relation"]

QuoteRelation = Literal["verbatim", "reworded", "single-source"]


@dataclass(slots=True, kw_only=True)
class QuoteGroup:
    """Quotes of one speaker that carry one remark; ``members`` are (article id, Quote)."""

    speaker: str | None
    relation: QuoteRelation
    members: list[tuple[int | str | None, Quote]] = field(default_factory=list)
    scores: list[dict[str, object]] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def quote_relation(a: str, b: str) -> tuple[QuoteRelation, float]:
    """How two quoted texts relate, and the share of the shorter's words found in the longer."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return "single-source", 0.0
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    matcher = SequenceMatcher(None, short, long_, autojunk=False)
    in_order = sum(block.size for block in matcher.get_matching_blocks()) / len(short)
    if in_order >= 0.9 and len(short) >= 3:
        return "verbatim", in_order
    bag = set(long_)
    overlap = sum(1 for w in short if w in bag)
    share = overlap / len(short)
    if share >= 0.5 and overlap >= 4:
        return "reworded", share
    return "single-source", share


def group_quotes(quotes: Sequence[tuple[int | str | None, Quote]]) -> list[QuoteGroup]:
    """Cross-article groups first (verbatim before reworded), then single-source quotes."""
    by_speaker: dict[str, list[int]] = {}
    for n, (_, quote) in enumerate(quotes):
        key = entity_key(quote.speaker) if quote.speaker else ""
        by_speaker.setdefault(key, []).append(n)
    parent = list(range(len(quotes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: dict[tuple[int, int], tuple[QuoteRelation, float]] = {}
    for indices in by_speaker.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1:]:
                if quotes[i][0] == quotes[j][0]:
                    continue
                relation, share = quote_relation(quotes[i][1].text, quotes[j][1].text)
                if relation != "single-source":
                    links[(i, j)] = (relation, share)
                    parent[find(i)] = find(j)
    clusters: dict[int, list[int]] = {}
    for n in range(len(quotes)):
        clusters.setdefault(find(n), []).append(n)
    groups: list[QuoteGroup] = []
    for members in clusters.values():
        articles = {quotes[m][0] for m in members}
        inner = [(pair, rel) for pair, rel in links.items() if pair[0] in members]
        if len(articles) < 2:
            relation: QuoteRelation = "single-source"
        elif all(rel == "verbatim" for _, (rel, _s) in inner):
            relation = "verbatim"
        else:
            relation = "reworded"
        speaker = _speaker_name([quotes[m][1] for m in members])
        groups.append(QuoteGroup(
            speaker=speaker, relation=relation, members=[quotes[m] for m in sorted(members)],
            scores=[{"articles": [quotes[i][0], quotes[j][0]], "relation": rel,
                     "word_share": round(share, 3)} for (i, j), (rel, share) in inner]))
    order = {"verbatim": 0, "reworded": 1, "single-source": 2}
    groups.sort(key=lambda g: (order[g.relation], g.speaker or "~"))
    return groups


def _speaker_name(quotes: Sequence[Quote]) -> str | None:
    """The longest resolved name among the members ("Volodymyr Zelensky" over "Zelensky")."""
    names = [q.speaker for q in quotes if q.speaker]
    return max(names, key=len) if names else None
