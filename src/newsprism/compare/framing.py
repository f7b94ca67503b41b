"""Headline framing: who each headline makes act, what it names, which words only it chose.

Media researchers read a story's headlines side by side: "Zelensky calls for meeting and
ceasefire" and "Zelensky proposes face-to-face talks" make the same man act, with different
verbs and different nouns; a third headline that leads with the Kremlin, asks a question or
leaves a name out frames the event differently again. Per headline this module records

* ``actor`` and ``action``: the subject of the main verb and the verb (with its particle or
  its "for"/"on"), from spaCy's parsers for English and French and natasha's for Russian (the
  languages with a packaged parser); the actor is given by its full name when the story's
  articles name it in full;
* ``names``: the story's people, places and organisations the headline names, in any language
  and script ("Selenskyj", "Зеленський" and "Zelenski" are the English reports' "Volodymyr
  Zelensky": :mod:`newsprism.cluster.names` keys), spelt one way per story; and
  ``leaves_out``: names most of the other headlines, in any language, carry and this one
  does not;
* ``only_here``: content words no other headline in its language uses (stems compared, so
  "talks" and "talk" meet);
* ``form``: ``quote`` (it quotes someone), ``question``, ``attributed`` ("…, Kremlin says"),
  ``passive`` and a leading label (``label:live``, ``label:analysis`` …).

Words are compared only with headlines in the same language; words common in the language
(wordfreq Zipf >= 6: "the", "after", "new") are not content words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import Stemmer

from newsprism.analyze.claims import STOPWORDS
from newsprism.analyze.nlp import get_parser, get_pipeline
from newsprism.analyze.records import ArticleAnalysis
from newsprism.analyze.speaker_names import Rules, foreign, zipf
from newsprism.analyze.speech_verbs import SPEECH_VERBS, SPEECH_VERBS_FR, SPEECH_VERBS_RU_UK
from newsprism.cluster.names import name_key, read_alike, romanised

__all__ = ["HeadlineFrame", "frame_headlines"]

_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_COMMON_ZIPF = 6.0
_QUOTED = re.compile(r"[\"“«„][^\"“”«»„]{2,}[\"”»“]|(?<!\w)['‘][^'‘’]{2,}['’](?!\w)")
_LABEL = re.compile(r"^\s*(live|analysis|opinion|comment|exclusive|breaking|watch|explainer|"
                    r"fact check|factcheck|update|video|podcast|interview|editorial)\s*[:|–—-]\s",
                    re.IGNORECASE)
_ATTRIBUTION_TAIL = re.compile(r"[,:]\s*(?:\w+[\s-]){0,3}(?:says|said|warns|claims)\s*$",
                               re.IGNORECASE)
_SPEAKER_AFTER_QUOTE = re.compile(r"[\"”»'’]\s*,\s*[a-zà-ÿа-яёіїєґ]+\s+"
                                  r"((?:[A-ZÀ-ÝА-ЯЁІЇЄҐ][\w.'’-]*\s?){1,4})\s*$")
_PHRASAL = frozenset({"for", "on", "off", "up", "out", "down", "back", "over", "against"})
_STEMMERS = {"en": "english", "de": "german", "es": "spanish", "fr": "french", "it": "italian",
             "ru": "russian", "pt": "portuguese", "nl": "dutch", "pl": "polish", "sv": "swedish",
             "da": "danish", "no": "norwegian", "fi": "finnish", "tr": "turkish",
             "ro": "romanian", "hu": "hungarian", "cs": "czech", "el": "greek", "ca": "catalan"}
_MAX_WORDS = 6
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadlineFrame:
    """How one source's headline frames the story."""

    actor: str | None = None
    action: str | None = None
    names: tuple[str, ...] = ()
    leaves_out: tuple[str, ...] = ()
    only_here: tuple[str, ...] = ()
    form: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "action": self.action, "names": list(self.names),
                "leaves_out": list(self.leaves_out), "only_here": list(self.only_here),
                "form": list(self.form)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeadlineFrame:
        return cls(actor=data.get("actor"), action=data.get("action"),
                   names=tuple(data.get("names") or ()),
                   leaves_out=tuple(data.get("leaves_out") or ()),
                   only_here=tuple(data.get("only_here") or ()),
                   form=tuple(data.get("form") or ()))


def frame_headlines(headlines: Sequence[tuple[str, str | None]],
                    analyses: Sequence[ArticleAnalysis | None] = ()
                    ) -> tuple[list[HeadlineFrame], dict[str, dict[str, list[str]]]]:
    """Frames of ``headlines`` ((text, language) per source, in order) and, per language with
    two or more headlines, what all of them share: ``{"names": [...], "words": [...]}``.

    ``analyses`` (the articles' analyses, same order, optional) give the story's names.
    """
    languages = [_language(lang) for _, lang in headlines]
    tokens = [_tokens(_LABEL.sub("", text, count=1)) for text, _ in headlines]
    names = _story_names(analyses) or _headline_names(tokens, languages)
    keyed = _keyed(names)
    found = [_names_in(toks, names, lang, keyed)
             for toks, lang in zip(tokens, languages, strict=True)]
    # The story's names are one set across languages and scripts ("Putin", "Путину",
    # "Selenskyj"): any headline that can spell them is a peer for what it leaves out.
    spelt = [bool(names) and any(romanised(t) for t in toks) for toks in tokens]
    latin = _in_latin_letters(found, languages)
    named = [[latin.get(n, n) for n in found_names] for found_names, _, _ in found]
    content = [_content([t for i, t in enumerate(toks) if i not in taken], lang)
               for toks, lang, (_, taken, _) in zip(tokens, languages, found, strict=True)]
    frames = []
    for k, (text, _) in enumerate(headlines):
        peers = [j for j in range(len(headlines)) if j != k and languages[j] == languages[k]]
        seen_elsewhere = {stem for j in peers for stem, _ in content[j]}
        only_here = _unique(word for stem, word in content[k] if stem not in seen_elsewhere) \
            if peers else ()
        # With no names known, capitalised words are spelt per language: only same-language
        # peers can tell what a headline leaves out.
        others = [j for j in range(len(headlines)) if j != k and spelt[j]] if spelt[k] \
            else peers
        carried = Counter(n for j in others for n in named[j])  # in order of first mention
        leaves_out = tuple(sorted((n for n, c in carried.items()
                                   if n not in named[k] and c * 2 > len(others)),
                                  key=lambda n: -carried[n]))
        actor, action, form = _parse(text, languages[k], names, keyed)
        actor = latin.get(actor, actor) if actor else actor
        form = _form(text, languages[k]) + form
        if actor is None:  # "Peskov: Zelensky can come any time": the name before the colon
            # unless the quote names its speaker after it ("Notre-Dame : « Nous
            # rebâtirons », promet Emmanuel Macron": before the colon is the topic)
            actor = _speaker_after_quote(text, names, languages[k], keyed) \
                or _speaker_before_colon(text, names, languages[k], keyed)
            actor = latin.get(actor, actor) if actor else actor
            if actor is not None and "quote" not in form:
                form += ("attributed",)
        frames.append(HeadlineFrame(
            actor=actor, action=action, names=tuple(named[k]), leaves_out=leaves_out,
            only_here=only_here[:_MAX_WORDS], form=form))
    return frames, _shared(languages, named, content)


def _in_latin_letters(found: list[tuple[list[str], set[int], dict[str, str]]],
                      languages: list[str]) -> dict[str, str]:
    """A name only Cyrillic reports write ("Ханой") -> as a headline in Latin letters writes
    it ("Hanoi"), an English headline first."""
    out: dict[str, str] = {}
    for k in sorted(range(len(found)), key=lambda k: languages[k] != "en"):
        for name, words in found[k][2].items():
            if _CYRILLIC.search(name) and not _CYRILLIC.search(words):
                out.setdefault(name, words)
    return out


def _language(language: str | None) -> str:
    return (language or "und").lower().split("-")[0]


def _tokens(text: str) -> list[str]:
    return [re.sub(r"['’]s$", "", w) for w in _WORD.findall(text)]


def _story_names(analyses: Sequence[ArticleAnalysis | None]) -> dict[str, str]:
    """Lower-cased surface form -> the full name the story uses (a person's surname too).

    One name written in several languages and scripts ("Vladimir Putin", "Владимир Путин":
    the same :mod:`newsprism.cluster.names` keys) is shown one way: as the English reports
    write it when one does, else as most mentions do."""
    forms: list[tuple[str, str]] = []  # (surface form, full name), in the order met
    mentions: Counter[str] = Counter()
    english: set[str] = set()
    for analysis in analyses:
        for entity in (analysis.entities or ()) if analysis is not None else ():
            if entity.label not in _NAME_LABELS:
                continue
            full = entity.canonical or entity.text
            mentions[full] += 1
            if _language(analysis.language if analysis is not None else None) == "en":
                english.add(full)
            forms += [(entity.text, full), (full, full)]
            parts = full.split()
            if entity.label == "PERSON" and len(parts) > 1 and len(parts[-1]) > 2:
                forms.append((parts[-1], full))  # not "Un" (Kim Jong Un): a word of Spanish
    shown = _one_spelling(mentions, english)
    out: dict[str, str] = {}
    for form, full in forms:
        out.setdefault(form.lower(), shown[full])
    return out


def _headline_names(tokens: list[list[str]], languages: list[str]) -> dict[str, str]:
    """With no names from the articles: the headlines' capitalised words after the first, and
    a first word another headline also capitalises, spelling aside ("Selenskyj schlägt …",
    "Зеленський у …"), as ``_story_names`` gives names (Title Case headlines give none)."""
    caps = [[] if _title_case(toks, language) else
            [w for w in toks if w[:1].isupper() and not w.isupper()
             and w.lower() not in STOPWORDS]
            for toks, language in zip(tokens, languages, strict=True)]
    keys = [{_word_key(w) for w in words} for words in caps]
    mentions: Counter[str] = Counter()
    english: set[str] = set()
    for k, (toks, words) in enumerate(zip(tokens, caps, strict=True)):
        for word in words:
            if word == toks[0] and not any(_word_key(word) in keys[j]
                                           for j in range(len(caps)) if j != k):
                continue
            mentions[word] += 1
            if languages[k] == "en":
                english.add(word)
    shown = _one_spelling(mentions, english)
    return {word.lower(): shown[word] for word in mentions}


def _one_spelling(mentions: Counter[str], english: set[str]) -> dict[str, str]:
    """Each full name -> the spelling shown for it and its spellings in other scripts and
    languages: a name whose keys are all among one longer name's keys, or alike
    (``_same_key``: "Кремль", "Kremlin"), is that name ("Putin", "Путин" in "Vladimir
    Putin"); a name among two (the "Trump" of Donald and Melania) is not. Shown in Latin
    letters if any report writes it so, whole ("Marine Le Pen", not the "Marine Le" of an
    English report's entity), as English reports write it, else as most mentions do."""
    groups: list[tuple[frozenset[str], list[str]]] = []
    filed: dict[str, list[int]] = {}  # first three letters of a key -> groups with it
    keyed = {full: frozenset(map(_word_key, _tokens(full))) for full in mentions}
    for full in sorted(mentions, key=lambda n: (-len(keyed[n]), -mentions[n], n)):
        keys = keyed[full]
        near = {g for k in keys for g in filed.get(k[:3], ())}
        within = [g for g in sorted(near) if keys <= groups[g][0] or all(
            any(_same_key(k, h) for h in groups[g][0]) for k in keys)]
        if len(within) == 1:
            groups[within[0]][1].append(full)
        else:
            for k in keys:
                filed.setdefault(k[:3], []).append(len(groups))
            groups.append((keys, [full]))
    shown = {}
    for have, members in groups:
        def rank(n: str, have: frozenset[str] = have) -> tuple[bool, bool, bool, int, int, str]:
            whole = all(any(_same_key(h, k) for k in keyed[n]) for h in have)
            return (bool(_CYRILLIC.search(n)), not whole, n not in english, -mentions[n],
                    -len(n), n)

        best = min(members, key=rank)
        shown.update(dict.fromkeys(members, best))
    return shown


def _word_key(word: str) -> str:
    """A word of a name compared across scripts: its name key, else it romanised (both take
    "дж" and "dj" for an English "j": "Джокович", "Djokovic"; "Джон", "John")."""
    word = word.lower()
    return name_key(word) or romanised(word) or word


def _same_key(have: str, want: str) -> bool:
    """Two words' keys alike: equal, or one the other plus a letter when both say enough
    ("krml" for "Kreml"/"Кремле", "krmln" for "Kremlin")."""
    short, long = sorted((have, want), key=len)
    return short == long or len(short) >= 4 and long.startswith(short) \
        and len(long) - len(short) == 1


_Keyed = dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]]


def _keyed(names: dict[str, str]) -> _Keyed:
    """The story's name forms by their words' keys, longest first, filed under the first
    three letters of their first key. A name is filed hyphenated and not ("Notre-Dame",
    "Notre Dame"); a one-word name of two letters is not (not "Un", "Le")."""
    out: _Keyed = {}
    for form in sorted(names, key=len, reverse=True):
        words = _tokens(form)
        split = _tokens(form.replace("-", " "))
        variants = {(tuple(_word_key(w) for w in words), tuple(words)),
                    (tuple(_word_key(w) for w in split), tuple(split)),
                    ((_word_key("".join(words)),), ("".join(words),))}
        for keys, spelt in variants:
            if len(keys) > 1 or keys and len(keys[0]) > 2:
                out.setdefault(keys[0][:3], []).append((keys, names[form], spelt))
    for filed in out.values():
        filed.sort(key=lambda row: -len(row[0]))
    return out


def _by_keys(keys: list[str | None], at: int, keyed: _Keyed,
             words: list[str]) -> tuple[int, str] | None:
    """(length, name) of the story's name whose keys the words at ``at`` have (None: a word
    that is no name's) and, in one script, reads like them (``cluster.names.read_alike``)."""
    first = keys[at]
    if first is None:
        return None
    for want, name, spelt in keyed.get(first[:3], ()):
        got = [k for k in keys[at:at + len(want)] if k is not None]
        if len(got) == len(want) and all(map(_same_key, got, want)) \
                and all(map(read_alike, words[at:at + len(want)], spelt)):
            return len(want), name
    return None


def _stems(words: Iterable[str], language: str) -> tuple[str, ...]:
    return tuple(_stem(w.lower(), language) for w in words)


def _names_in(tokens: list[str], names: dict[str, str], language: str,
              keyed: _Keyed | None = None) -> tuple[list[str], set[int], dict[str, str]]:
    """The story's names in a headline, the token positions they take and, per name, the
    words that wrote it (first time). Case is ignored
    (headlines are often Title Case) and words are compared by stem, so an inflected name
    ("Путину", "Зеленского") is found; then capitalised words by their name keys, so a name
    spelt in another language or script is ("Selenskyj", "Зеленський", "Путіну" for the
    English reports' names): not in a Title Case headline, where every word is capitalised
    ("Calls" has the key of "Klaus")."""
    stems = _stems(tokens, language)
    taken: set[int] = set()
    found: list[tuple[int, str]] = []
    written: dict[str, str] = {}
    for form, want in _form_stems(tuple(names), language):
        n = len(want)
        for at in range(len(stems) - n + 1) if n else ():
            if stems[at:at + n] == want and not taken & set(range(at, at + n)):
                taken.update(range(at, at + n))
                if names[form] not in written:
                    found.append((at, names[form]))
                    written[names[form]] = " ".join(tokens[at:at + n])
    if keyed and not _title_case(tokens, language):
        keys = [_word_key(t) if t[:1].isupper() and k not in taken else None
                for k, t in enumerate(tokens)]
        for at in range(len(tokens)):
            hit = _by_keys(keys, at, keyed, tokens)
            if hit is None:
                continue
            length, name = hit
            taken.update(range(at, at + length))
            keys[at:at + length] = [None] * length
            if name not in written:
                found.append((at, name))
                written[name] = " ".join(tokens[at:at + length])
    return [name for _, name in sorted(found)], taken, written


@lru_cache(maxsize=64)
def _form_stems(forms: tuple[str, ...], language: str
                ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The story's name forms with their words' stems, longest first ("Volodymyr Zelensky"
    before "Zelensky"): worked out once per story and language."""
    return tuple((form, _stems(_tokens(form), language))
                 for form in sorted(forms, key=len, reverse=True))


def _title_case(tokens: list[str], language: str) -> bool:
    """An English headline with most words of more than three letters capitalised ("Zelensky
    Calls for Meeting"); other languages write headlines as sentences (German capitalises
    its nouns: "Selenskyj schlägt Putin ein Treffen vor" is no Title Case)."""
    if language != "en":
        return False
    long = [t for t in tokens if len(t) > 3 and t[:1].isalpha()]
    return bool(long) and sum(t[:1].isupper() for t in long) * 3 > len(long) * 2


def _resolve(phrase: str, names: dict[str, str], language: str,
             keyed: _Keyed | None = None) -> str | None:
    """The story's full name for a phrase (by stems: "Пескова" is "Дмитрий Песков"; given
    ``keyed``, by name keys too: "Zelenski" is "Volodymyr Zelensky")."""
    words = _tokens(phrase)
    want = _stems(words, language)
    found = next((full for form, full in names.items()
                  if _stems(_tokens(form), language) == want), None) if want else None
    if found is None and keyed and words:
        keys: list[str | None] = [_word_key(w) for w in words]
        hit = _by_keys(keys, 0, keyed, words)
        found = hit[1] if hit is not None and hit[0] == len(words) else None
    return found


def _content(tokens: list[str], language: str) -> list[tuple[str, str]]:
    """(stem, word) of the headline's content words (names already taken out)."""
    out = []
    for word in tokens:
        low = word.lower()
        if language == "en" and low in STOPWORDS:
            continue
        if len(low) < 3 and not low.isdigit():
            continue
        if not low.isdigit() and zipf(low, language) >= _COMMON_ZIPF:
            continue
        out.append((_stem(low, language), low))
    return out


@lru_cache(maxsize=32)
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = _STEMMERS.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return "-".join(stemmer.stemWord(p) for p in word.split("-")) if stemmer else word


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _form(text: str, language: str | None = None) -> tuple[str, ...]:
    """Label, quote and question, read from the text alone (attribution comes from the parse
    too: ``_parse``)."""
    form = []
    label = _LABEL.match(text)
    if label:
        form.append("label:" + label.group(1).lower().replace(" ", ""))
    quoted = [m for m in _QUOTED.finditer(text) if not _quoted_name(text, m, language)]
    if quoted or re.match(r"^\s*[\w.' -]{2,40}:\s*[\"“«'‘]", text):
        form.append("quote")
    if text.rstrip().endswith("?"):
        form.append("question")
    if _ATTRIBUTION_TAIL.search(text):
        form.append("attributed")
    return tuple(form)


def _quoted_name(text: str, match: re.Match[str], language: str | None) -> bool:
    """A name in quote marks, as the quotes of the analysis read it ("Ураган «Хелен»",
    "Hurrikan "Helene"", ""Milton" trifft Florida"): not a quote. English headlines, Title
    Case, cannot tell a name by its capital and keep every quote."""
    if not foreign(language):
        return False
    masked = _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2)
                         + m.group(0)[-1], text)
    return Rules(text, language).quoted_name(masked, match.group(0)[1:-1], match.start(),
                                             match.end(), 0, len(text))


def _speaker_before_colon(text: str, names: dict[str, str], language: str,
                          keyed: _Keyed | None = None) -> str | None:
    """"Zelensky: 'I am proposing a meeting'": a name of the story before a colon speaks."""
    match = re.match(r"^\s*([\w.'’ -]{2,40}):\s", _LABEL.sub("", text, count=1))
    return _resolve(match.group(1), names, language, keyed) if match else None


def _speaker_after_quote(text: str, names: dict[str, str], language: str,
                         keyed: _Keyed | None = None) -> str | None:
    """"« Nous rebâtirons », promet Emmanuel Macron": the name after a quote, its comma and
    one lower-case verb, ending the headline, speaks."""
    match = _SPEAKER_AFTER_QUOTE.search(text)
    if match is None:
        return None
    return _resolve(match.group(1), names, language, keyed) or match.group(1).strip()


def _parse(text: str, language: str, names: dict[str, str], keyed: _Keyed | None = None
           ) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(actor, action, extra form) from the parse of an English, French or Russian headline
    (spaCy's English labels; French and Russian in Universal Dependencies: "nsubj:pass",
    "obl:agent")."""
    if language == "ru":
        return _parse_russian(text, names)
    parser = get_parser(language)
    if parser is None or not text.strip():
        return None, None, ()
    doc = parser(_LABEL.sub("", text, count=1))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return None, None, ()
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass")),
                   None)
    passive = subject is not None and subject.dep_ in ("nsubjpass", "nsubj:pass")
    action = root.lemma_.lower()
    follow = doc[root.i + 1] if root.i + 1 < len(doc) else None
    if language == "en" and follow is not None and follow.head == root \
            and follow.dep_ in ("prt", "prep") and follow.lower_ in _PHRASAL:
        action += " " + follow.lower_
    if passive:
        agent = next((c for c in root.children if c.dep_ == "agent"), None)
        who = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else \
            next((c for c in root.children if c.dep_ == "obl:agent"), None)  # "par le Sénat"
        return _who(who, names, language, keyed), action, ("passive",)
    # "Kremlin says Putin has not seen the letter": the headline reports what someone said
    speech = SPEECH_VERBS_FR if language == "fr" else SPEECH_VERBS
    reports = root.lower_ in speech and action == root.lemma_.lower()
    if reports and any(c.dep_ in ("ccomp", "parataxis") for c in root.children) \
            and not _ATTRIBUTION_TAIL.search(text):
        return _who(subject, names, language, keyed), action, ("attributed",)
    return _who(subject, names, language, keyed), action, ()


def _parse_russian(text: str, names: dict[str, str]
                   ) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The same reading from natasha's Universal Dependencies parse ("nsubj", "nsubj:pass")."""
    natasha = get_pipeline("ru").nlp
    if natasha is None or not hasattr(natasha, "parse") or not text.strip():
        return None, None, ()
    tokens = natasha.parse(_LABEL.sub("", text, count=1))
    root = next((n for n, t in enumerate(tokens) if t.rel == "root"), None)
    if root is None or tokens[root].pos not in ("VERB", "AUX"):
        return None, None, ()
    children = [t for t in tokens if t.head == root]
    subject = next((t for t in children if t.rel in ("nsubj", "nsubj:pass")), None)
    actor = None
    if subject is not None and subject.pos != "PRON":
        phrase = _name_from(tokens, tokens.index(subject))
        found = (_resolve(phrase, names, "ru") or _resolve(subject.text, names, "ru")
                 or _resolve(phrase.split()[-1], names, "ru"))  # "Пен": Ле Пен
        # a name shorter than the phrase (a headline's "Пен" for its "Ле Пен") is no better
        actor = found if found and len(found.split()) >= len(phrase.split()) else phrase
    form: tuple[str, ...] = ()
    if subject is not None and subject.rel == "nsubj:pass":
        form = ("passive",)
    elif tokens[root].text.lower() in SPEECH_VERBS_RU_UK and any(
            t.rel in ("ccomp", "parataxis") for t in children):
        form = ("attributed",)
    return actor, tokens[root].lemma, form


def _name_from(tokens: list[Any], k: int) -> str:
    """The name that starts at token ``k`` of natasha's parse: it hangs a name's later words
    on its first ("Ле" <- "Пен", "Дмитрий" <- "Песков": appos, flat:name), so the subject
    alone is a first name or half a surname."""
    end = k
    while end + 1 < len(tokens) and tokens[end + 1].head == k \
            and tokens[end + 1].rel in ("appos", "flat", "flat:name") \
            and tokens[end + 1].text[:1].isupper():
        end += 1
    return " ".join(t.text for t in tokens[k:end + 1])


def _who(token: Any, names: dict[str, str], language: str, keyed: _Keyed | None = None
         ) -> str | None:
    """A subject as the story names it: its compound words and itself ("Kremlin spokesman");
    in French the name after a title ("le président Emmanuel Macron": appos) and the rest of
    a name, the capitalised words after its first ("Vladimir Poutine")."""
    if token is None or token.pos_ == "PRON":
        return None
    if language != "en":
        token = next((c for c in token.children if c.dep_ == "appos"
                      and c.text[:1].isupper()), token)
    words = [t for t in token.subtree if t.dep_ in ("compound", "amod", "poss") and
             t.i < token.i and t.head == token] + [token]
    if language != "en" and token.text[:1].isupper():
        doc = token.doc
        while words[-1].i + 1 < len(doc) and doc[words[-1].i + 1].text[:1].isupper():
            words.append(doc[words[-1].i + 1])
    phrase = " ".join(t.text for t in words)
    phrase = re.sub(r"\s+['’]s\b", "", phrase)
    return _resolve(phrase, names, language, keyed) \
        or _resolve(token.text, names, language, keyed) or phrase


def _shared(languages: list[str], named: list[list[str]], content: list[list[tuple[str, str]]]
            ) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for language in dict.fromkeys(languages):
        members = [k for k, lang in enumerate(languages) if lang == language]
        if len(members) < 2:
            continue
        first = members[0]
        stems = set.intersection(*({s for s, _ in content[k]} for k in members))
        common_names = set.intersection(*(set(named[k]) for k in members))
        out[language] = {
            "names": [n for n in named[first] if n in common_names],
            "words": list(_unique(w for s, w in content[first] if s in stems)),
        }
    return out
