"""Speakers of quotes in languages other than English, and quoted names that are no quotes.

English has its own rules in ``quotes.py``, tuned on quotes-dev with spaCy's entities. For
German, Spanish, Italian, French, Russian and Ukrainian (and, with fewer cues, any other
language) these rules read the writer's sentence around a quote:

* a speaker is only named where a speech cue ties them to the quote: a speech verb of the
  article's language ("sagte", "dijo", "ha detto", "a déclaré", "заявил", "сказав") or an
  "according to" word ("laut", "según", "secondo", "selon", "по словам", "за словами");
* a name is a run of capitalised words with nothing lowercase between them ("Bundeskanzler Olaf
  Scholz hat Emmanuel Macron ..." is two runs, and the first is the subject); a common word of
  the language capitalised only because it opens the sentence ("Der", "Mit", "Devant", "Desde",
  "За", "Во") neither is nor starts a name, nor is a title ("Bundeskanzler", "президент") part of
  one; a run right after a preposition ("Desde París", "В Офісі") is a place, not a subject;
* in Russian and Ukrainian a plural speech verb with no subject and a body it names ("В Кремле
  заявили", "у МЗС України повідомили", "заявили в Пентагоне": "they said at the Kremlin")
  gives that body as written after its preposition ("Кремле", "МЗС України", "Білому домі"),
  as "the Kremlin said" gives "Kremlin" in English (with natasha's entities ``quotes.py`` asks
  this rule too, ``Rules.body_said``, and names the body in the nominative: "МИД России");
* "he" after the verb ("a-t-il déclaré", "сказав він") and a definite description ("sagte der
  Serbe") stand for the person named as the subject of a sentence just before, if any; else the
  speaker is unknown (None) rather than a guess;
* a short capitalised span in quotes right after a noun such as hurricane, hotel, party,
  stadium ("ураган «Хелен»", "Hurrikan „Milton“", "партия «Слуга народа»") or with no speech cue
  in its sentence is a name, not a quote.

Word lists are per language; a language not listed gets the language-neutral parts (runs,
wordfreq's common words where wordfreq knows the language, no speaker without a cue).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from os.path import commonprefix

from newsprism.analyze.clauses import LOOK_BACK, block_of
from newsprism.analyze.phrases import Mention, Tok
from newsprism.analyze.records import Quote, SpeakerHow
from newsprism.analyze.speech_verbs import FEMALE_NAMES, MALE_NAMES, SPEECH_VERBS_RU_UK

_W = str.split

# Speech verbs (finite forms and the participles of compound tenses: "hat ... gesagt",
# "ha detto", "a déclaré"). Russian and Ukrainian share speech_verbs.SPEECH_VERBS_RU_UK.
VERBS: dict[str, frozenset[str]] = {
    "de": frozenset(_W("""
        sagte sagt sagten sagen gesagt erklärte erklärt erklärten betonte betont betonten sprach
        spricht sprachen gesprochen meinte meint meinten fügte fügt hinzugefügt schrieb schreibt
        geschrieben warnte warnt gewarnt nannte nennt nannten genannt bezeichnete bezeichnet
        bezeichneten kritisierte kritisiert forderte fordert gefordert versicherte versichert
        räumte fragte fragt gefragt antwortete antwortet geantwortet bekräftigte bekräftigt
        unterstrich unterstreicht teilte kommentierte kommentiert zitierte mahnte mahnt
        verkündete verkündet beteuerte beteuert ergänzte ergänzt sagen sagte""")),
    "es": frozenset(_W("""
        dijo dice dicen dijeron afirmó afirma afirmaron declaró declara declararon aseguró
        asegura aseguraron señaló señala explicó explica añadió añade indicó indica manifestó
        advirtió advierte subrayó subraya destacó destaca sostuvo sostiene pidió pide calificó
        califica insistió insiste comentó comenta escribió escribe respondió responde reconoció
        denunció apuntó agregó agrega recalcó recalca expresó expresa criticó critica
        dicho afirmado declarado asegurado señalado explicado añadido calificado""")),
    "it": frozenset(_W("""
        detto dice disse dicono dichiarato dichiara dichiarò affermato afferma affermò spiegato
        spiega spiegò aggiunto aggiunge aggiunse sottolineato sottolinea sottolineò ribadito
        ribadisce scritto scrive scrisse definito definisce commentato commenta avvertito
        avverte precisato precisa risposto risponde rispose parlato parla osservato osserva
        annunciato assicurato assicura denunciato criticato""")),
    "fr": frozenset(_W("""
        déclaré déclare dit affirmé affirme expliqué explique ajouté ajoute souligné souligne
        estimé estime indiqué indique assuré assure prévenu prévient lancé lance écrit répondu
        répond martelé martèle insisté insiste qualifié qualifie confié confie déploré déplore
        regretté regrette dénoncé dénonce averti raconté raconte précisé précise rappelé rappelle
        poursuivi poursuit jugé juge salué salue réagi commenté commente""")),
    "ru": SPEECH_VERBS_RU_UK | frozenset(_W("""
        назвал назвала назвали говорит говорил говорила говорили ответил ответила ответили
        призвал призвала призвали уточнил уточнила рассказал рассказала рассказали заявляет
        заявляют отмечает подчеркивает подчеркнули признал признала пишет написали добавляет
        сообщили сообщает пояснили отметили заверил заверила предупредил предупредила""")),
    "uk": SPEECH_VERBS_RU_UK | frozenset(_W("""
        назвав назвала назвали каже казав казала говорить говорив говорила відповів відповіла
        пояснила пояснили розповів розповіла зазначила зазначили зазначає наголошує заявляє
        повідомляє написала додає підкреслив підкреслила підкреслили запевнив запевнила
        попередив попередила закликав закликала повідомили наголосили додали""")),
    "pt": frozenset(_W("""
        disse diz dizem disseram afirmou afirma declarou declara explicou explica acrescentou
        acrescenta sublinhou salientou destacou referiu garantiu assegurou advertiu alertou
        escreveu respondeu comentou""")),
    "pl": frozenset(_W("""
        powiedział powiedziała powiedzieli mówi mówił mówiła stwierdził stwierdziła oświadczył
        oświadczyła dodał dodała podkreślił podkreśliła zaznaczył zaznaczyła napisał napisała
        ocenił oceniła przekonywał przekonywała""")),
    "nl": frozenset(_W("zei zegt zeiden verklaarde verklaart schreef benadrukte stelde")),
}
# '"…", so Scholz.' / '"…", aldus Rutte.': a cue only right after a quote.
AFTER_ONLY = {"de": frozenset({"so"}), "nl": frozenset({"aldus"})}
# "according to X": the name follows.
ACCORDING: dict[str, re.Pattern[str]] = {
    lang: re.compile(r"(?:^|(?<=\W))(?:" + pattern + r")\s+$", re.IGNORECASE)
    for lang, pattern in {"de": r"laut", "es": r"según", "it": r"secondo", "fr": r"selon",
                          "ru": r"по\s+словам", "uk": r"за\s+словами", "pt": r"segundo",
                          "pl": r"według", "nl": r"volgens"}.items()}

PREPOSITIONS: dict[str, frozenset[str]] = {
    "de": frozenset(_W("in im ins mit von vom nach bei beim aus zu zum zur für über unter vor "
                       "an am auf durch gegen ohne um seit während wegen trotz laut bis hinter "
                       "neben zwischen")),
    "es": frozenset(_W("desde en de del con por para a al sobre tras entre hacia hasta según "
                       "ante sin bajo contra durante")),
    "it": frozenset(_W("da dal dalla dai in nel nella nei a al alla ai con per su sul sulla di "
                       "del della dei tra fra verso durante secondo presso")),
    "fr": frozenset(_W("à au aux de du des en dans devant depuis avec pour par sur sous chez "
                       "vers après avant pendant selon contre entre malgré derrière")),
    "ru": frozenset(_W("в во на из с со от к ко по за у о об при до после через для над под "
                       "перед между без про около среди")),
    "uk": frozenset(_W("в у на з із зі від до по за о об при після через для над під перед між "
                       "без про біля серед")),
}
DETERMINERS: dict[str, frozenset[str]] = {
    "de": frozenset(_W("der die das den dem des ein eine einer einem einen")),
    "es": frozenset(_W("el la los las un una")),
    "it": frozenset(_W("il lo la l i gli le un una uno")),
    "fr": frozenset(_W("le la les l un une")),
}
# Singular personal pronouns that can speak; plural ones ("they") name no one.
PRONOUNS: dict[str, frozenset[str]] = {
    "de": frozenset({"er", "sie"}), "es": frozenset({"él", "ella"}),
    "it": frozenset({"lui", "lei", "egli"}), "fr": frozenset({"il", "elle"}),
    "ru": frozenset({"он", "она"}), "uk": frozenset({"він", "вона"}),
}
# Auxiliaries of the compound past between a subject and its participle.
AUXILIARIES = frozenset(_W("a ont avait ha hanno aveva han había hat haben hatte"))
COORDINATORS = frozenset(_W("und sowie y e et и і й та а ed"))
# Offices before a name ("радник Михайло Подоляк", "el presidente Pedro Sánchez"); in German
# also the end of a compound ("EU-Kommissionspräsidentin", "Bundeskanzler").
TITLES = frozenset(_W("""
präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin minister ministerin
sprecher sprecherin chef chefin bürgermeister bürgermeisterin trainer trainerin
presidente presidenta ministro ministra líder portavoz alcalde alcaldesa premier leader
portavoce sindaco président présidente ministre chef porte-parole maire
президент премьер министр глава лидер спикер мэр советник пресс-секретарь представитель
прем'єр міністр голова лідер речник мер радник посол посла
canciller cancelliere chancelier secretario secretaria segretario secrétaire senador senatore
sénateur diputado diputada deputato deputata député gobernador governatore gouverneur general
generale général embajador ambasciatore ambassadeur portavoz entrenador allenatore entraîneur
бундесканцлер канцлер госсекретарь генсек генсекретарь депутат сенатор губернатор генерал
председатель командующий посол держсекретар генсекретар сенатор губернатор очільник
"""))
_TITLE_ENDINGS = ("präsident", "präsidentin", "kanzler", "kanzlerin", "minister", "ministerin",
                  "sprecher", "sprecherin", "chef", "chefin", "meister", "meisterin")
# A capitalised span in quotes right after one of these names the thing ("ураган «Хелен»").
# Prefixes for the languages that inflect the noun ("отеле", "урагану", "партии").
THING_NOUNS = tuple(_W("""
hurricane storm typhoon cyclone hotel party company firm ship vessel operation stadium film
movie book song album newspaper magazine programme program brand band project campaign mission
hurrikan sturm taifun zyklon partei firma unternehmen konzern schiff stadion buch lied zeitung
magazin sendung serie marke gruppe projekt kampagne bündnis bewegung
huracán tormenta tifón ciclón partido empresa compañía barco buque operación estadio película
libro canción álbum periódico diario revista programa marca grupo proyecto campaña misión
movimiento uragano tempesta tifone ciclone albergo partito azienda società nave operazione
stadio canzone giornale quotidiano rivista programma marchio gruppo progetto campagna missione
movimento ouragan tempête typhon hôtel parti entreprise société compagnie navire opération
stade livre chanson journal émission série groupe projet campagne mouvement
ураган шторм тайфун циклон отел гостиниц парти компани фирм корабл судн операци стадион
фильм книг песн альбом газет журнал передач сериал программ бренд групп проект кампани мисси
движени готел парті компані фірм операці стадіон фільм пісн серіал програм груп кампані місі
рух
"""))
_SLAVIC = frozenset({"ru", "uk", "be", "bg", "pl", "cs", "sk", "sr", "hr"})
MAX_NAME_WORDS = 3  # a quoted span of up to this many capitalised words may be a name
COMMON_ZIPF = 5.0  # wordfreq: "Desde" 6.1, "Devant" 5.5, "Viele" 5.8; "Djokovic" 3.0
ALWAYS_COMMON_ZIPF = 5.7  # "України" 6.6, "США" 5.9, "Deutschland" 5.8; "Порошенко" 5.5
RARE_ZIPF = 3.5  # "Überraschend" 4.4 opens a sentence; "Djokovic" 3.0, "Подоляк" 2.6 name

_TOKEN = re.compile(r"§|[^\W\d_][\w’'\-\u0300-\u036f]*|\d[\w.,:%\-]*|[^\w\s]")
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична|ьич|йович|ївна|ічна)$")
_ACRONYM = re.compile(r"^[^\W\d_a-zа-яёіїєґ]{2,}$")  # "МИД", "США", "EU"
_JOINERS = frozenset({"von", "van", "der", "de", "di", "da", "del", "la", "le", "bin"})
# "В Кремле заявили", "у Білому домі повідомили": where an impersonal plural verb is said.
_AT = frozenset({"в", "во", "у"})
_CYRILLIC_WORD = re.compile(r"[а-яёієїґ]")
_BUT = frozenset(_W("но а и однако але а і й та проте"))
_PLURAL_PAST = re.compile(r"ли$")  # "заявили", "сообщили", "повідомили"
_ADJECTIVE_AT = re.compile(r"(?:ому|ом|ой|ем|ей|ій|ім)$")  # "Білому домі", "Белом доме"
MAX_INSTITUTION_WORDS = 4
# "написали в Telegram", "повідомили у Фейсбуці": a channel, not a body that speaks.
_CHANNELS = ("телегра", "фейсбу", "твит", "твіт", "инстагра", "інстагра", "ютуб")
_SENTENCE_END = frozenset(".!?;…")
NEAR = 4 * LOOK_BACK  # characters of a writer's sentence read before a quote for its cue


@dataclass(frozen=True, slots=True)
class Attribution:
    """A quote's speech cue and who it names; ``start``/``end`` bound the name in the body
    (None when the cue names nobody), ``how`` is "name", "pronoun" or "description"."""

    verb: str
    start: int | None = None
    end: int | None = None
    how: str = "name"
    name: str | None = None  # the name's nominative where the text has another case
    body: bool = False  # a body where "they said" ("В Кремле заявили"), not a person

    def mention(self) -> Mention | None:
        """The name as a ``phrases.Mention``, for ``quotes._resolve``."""
        return Mention("", self.start, self.end) if self.start is not None and \
            self.end is not None else None


def _tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """Words (with hyphens and apostrophes: "a-t-il", "прем'єр"), numbers, marks and "§"."""
    return [Tok(lo + m.start(), lo + m.end(), m.group()) for m in _TOKEN.finditer(text[lo:hi])]


def _lang(language: str | None) -> str:
    return (language or "").lower().split("-")[0]


@lru_cache(maxsize=8192)
def zipf(word: str, lang: str) -> float:
    """How common ``word`` is in ``lang`` (wordfreq's Zipf scale), 0 for a language it lacks."""
    from wordfreq import zipf_frequency

    try:
        return float(zipf_frequency(word, lang))
    except LookupError:  # wordfreq does not know the language
        return 0.0


class Rules:
    """The speaker and quoted-name rules for one article in one language."""

    def __init__(self, body: str, language: str | None,
                 bodies: dict[int, int] | None = None) -> None:
        self.body = body
        # Where the NER found an organisation or place (start -> end), when it ran: a body's
        # name then takes in its lowercase words ("Министерстве обороны России").
        self.bodies = bodies or {}
        self.lang = _lang(language)
        self.verbs = VERBS.get(self.lang, frozenset())
        self.after_only = AFTER_ONLY.get(self.lang, frozenset())
        self.preps = PREPOSITIONS.get(self.lang, frozenset())
        self.dets = DETERMINERS.get(self.lang, frozenset())
        self.pronouns = PRONOUNS.get(self.lang, frozenset())
        self._named: dict[str, bool] = {}
        self._forms: dict[str, list[tuple[int, str]]] = {}
        self._has_cue: dict[tuple[int, int], bool] = {}  # (sentence start, end) -> cue in it
        self._subject_forms: dict[tuple[str, ...], str | None] = {}  # words -> _subject_form

    # ---------------------------------------------------------------- words and names
    def common(self, word: str) -> bool:
        """A word of the language that opens sentences but names no one ("Der", "Desde",
        "За"): a function word, a very frequent word ("України", "Deutschland"), or a
        frequent word the article never writes capitalised inside a sentence (where
        "Порошенко" or "Merkel" are)."""
        low = word.lower()
        if low in self.preps or low in self.dets or low in self.pronouns or \
                low in COORDINATORS or self.title(word):
            return True
        if low in MALE_NAMES or low in FEMALE_NAMES:
            return False
        frequency = zipf(low, self.lang)
        return frequency >= ALWAYS_COMMON_ZIPF or (frequency >= COMMON_ZIPF
                                                   and not self.named(word))

    def named(self, word: str) -> bool:
        """The article writes ``word`` capitalised after a lowercase word or a comma."""
        if word not in self._named:
            self._named[word] = re.search(r"[^\W\d_][,;]?\s+" + re.escape(word) + r"\b",
                                          self.body) is not None
        return self._named[word]

    def _initial(self, tok: Tok) -> bool:
        """The word opens a sentence or paragraph, where any word is capitalised."""
        before = self.body[max(0, tok.start - 40):tok.start].rstrip(" \t\"'«»“”„—–-")
        return not before or before[-1] in ".!?…:\n"

    def _evidence(self, tok: Tok) -> bool:
        """A lone capitalised word that opens a sentence is a name only when the article
        capitalises it elsewhere too, or when it is rare ("Djokovic", "Зеленский")."""
        low = tok.low
        return self.named(tok.text) or low in MALE_NAMES or low in FEMALE_NAMES or \
            zipf(low, self.lang) < RARE_ZIPF

    def title(self, word: str) -> bool:
        low = word.lower().split("-")[-1]
        return low in TITLES or (self.lang == "de" and word[:1].isupper()
                                 and low.endswith(_TITLE_ENDINGS))

    def verb(self, tok: Tok) -> bool:
        return tok.low in self.verbs or tok.low.split("-")[0] in self.verbs  # "dit-il"

    def _name_run(self, toks: list[Tok], k: int, after_preposition: bool = False,
                  initial_ok: bool = False) -> tuple[int, int] | None:
        """The name starting at or after token ``k`` (titles and common words before it
        skipped): token indexes [i, j), or None when the run names no one. A run right after
        a preposition is a place ("Desde París", "В Офісі"), unless the preposition is an
        "according to" word (``after_preposition``)."""
        i = k
        while i < len(toks) and toks[i].cap and (self.common(toks[i].text) or (
                _ACRONYM.match(toks[i].text) and i + 1 < len(toks) and toks[i + 1].cap)):
            i += 1  # "МИД Мария Захарова": the ministry, then the name
        j = i
        while j < len(toks):
            t = toks[j]
            if t.cap and re.match(r"\w", t.text) and not self.title(t.text):
                j += 1
            elif t.low in _JOINERS and j > i and any(
                    toks[m].cap for m in range(j + 1, min(len(toks), j + 3))
                    if all(toks[x].low in _JOINERS for x in range(j, m))):
                j += 1  # "Ursula von der Leyen", "Luiz Inácio Lula da Silva"
            else:
                break
        if j == i or (i > 0 and toks[i - 1].low in self.preps and not after_preposition):
            return None
        if self.lang in _SLAVIC and i > 0 and self.title(toks[i - 1].text):
            # "Мер Києва Віталій Кличко", "Голова Одеської ОВА Олег Кіпер": the office's
            # place or body, then the name (a patronymic keeps "Владимир Владимирович Путин")
            while j - i >= 3 and not _PATRONYMIC.search(toks[i + 1].low):
                i += 1
            while j - i >= 2 and _ACRONYM.match(toks[i].text):
                i += 1
        if j - i == 1 and not initial_ok and self._initial(toks[i]) and \
                not self._evidence(toks[i]):
            return None  # "Überraschend hat …": an adverb opening the sentence
        return i, j

    def _run_before(self, toks: list[Tok], k: int,
                    initial_ok: bool = False) -> tuple[int, int] | None:
        """The name run ending just before token ``k`` (its titles not included)."""
        i = k
        while i > 0 and (toks[i - 1].cap and re.match(r"\w", toks[i - 1].text)
                         or (toks[i - 1].low in _JOINERS and i > 1 and toks[i - 2].cap
                             and i < k)):
            i -= 1
        if i == k:
            return None
        run = self._name_run(toks[:k], i, initial_ok=initial_ok)
        if run is None or run[1] != k:
            return None
        if self.lang == "de" and run[1] - run[0] == 1 and run[0] > 0 and \
                toks[run[0] - 1].low in self.dets:
            return None  # "Die Polizei teilte mit": a German noun, not a name
        return run

    def sentence_subject(self, toks: list[Tok]) -> tuple[int, int] | None:
        """The name that is the subject of a writer's sentence: the first run in its first
        few words that is not after a preposition, skipping an adjective before an office
        ("Чинний президент Петро Порошенко") and an adverb before the verb ("Überraschend
        hat US-Präsident Donald Trump")."""
        k = 0
        while k < min(len(toks), 8):
            t = toks[k]
            if t.text in {",", "§", ":"} or self.verb(t):
                return None
            if t.low in self.preps:
                k += 1
                while k < len(toks) and (toks[k].cap or toks[k].low in _JOINERS):
                    k += 1  # the place or thing the preposition governs
                continue
            if t.cap and not self.common(t.text):
                run = self._name_run(toks, k)
                if run is None:
                    k += 1
                    continue
                i, j = run
                if j < len(toks) and toks[j].low in TITLES and j + 1 < len(toks) and \
                        toks[j + 1].cap:
                    k = j + 1
                    continue
                if self.lang == "de" and i > 0 and toks[i - 1].low in self.dets and j - i == 1:
                    return None  # "Der Dachstuhl": a German noun, not a name
                return run
            k += 1
        return None

    # ---------------------------------------------------------------- attribution
    def attribute(self, masked: str, sent_lo: int, open_mark: int, after: int,
                  sent_hi: int) -> Attribution | None:
        """The speech cue of the quote at ``open_mark``..``after`` and who it names, read in
        the writer's sentence ``masked[sent_lo:sent_hi]`` (quoted words masked by "§")."""
        # The cue sits near the quote: a sentence with no end (a list of quoted words on one
        # line) is read only within LOOK_BACK after the quote and NEAR before it, so the
        # quotes of one endless sentence are not each a pass over all of it (quadratic).
        tail = _tokens(masked, after, min(sent_hi, after + LOOK_BACK))
        found = self._after(masked, tail, sent_lo, open_mark)
        if found is not None:
            return found
        lead = _tokens(masked, max(sent_lo, open_mark - NEAR), open_mark)
        return self._before(masked, lead, sent_lo)

    def body_said(self, masked: str, sent_lo: int, open_mark: int, after: int,
                  sent_hi: int) -> Attribution | None:
        """The body of a Russian or Ukrainian "they said at X" that is the quote's cue ("В
        МИД России заявили: «…»"), for ``quotes.py`` with NER, whose English cue rules
        would take the name after the organisation ("России") for the speaker; else None."""
        if self.lang not in {"ru", "uk"}:
            return None
        found = self.attribute(masked, sent_lo, open_mark, after, sent_hi)
        return found if found is not None and found.body else None

    def _after(self, masked: str, tail: list[Tok], sent_lo: int,
               open_mark: int) -> Attribution | None:
        """'"…", sagte Scholz' / '«…», — сказал он' / '« … », a-t-il déclaré' / '"…" bezeichnet'."""
        k = 0
        while k < len(tail) and tail[k].text in {",", "—", "–", "-"}:
            k += 1
        for n in range(k, min(len(tail), k + 4)):
            t = tail[n]
            if t.text in _SENTENCE_END or t.text == "§":
                return None
            if not (self.verb(t) or (n == k and t.low in self.after_only)):
                continue
            inverted = re.search(r"-t?-?(il|elle)\b", masked[tail[k].start:t.start])
            if inverted:  # "a-t-il déclaré"
                return self._antecedent(masked, sent_lo, t.text, "pronoun")
            institution = self._institution(tail, n, k)
            if institution is not None:  # "«…», — заявили в МЗС України"
                return institution
            mention = self._mention_after(masked, tail, n + 1, sent_lo, t.text)
            if mention is not None:
                return mention
            run = self._run_before(tail, n - 1 if n > k and tail[n - 1].low in AUXILIARIES
                                   else n)
            if run is not None and run[0] >= k:
                return self._attribution(t.text, tail, run)
            if n > k and tail[n - 1].low in self.pronouns:
                return self._antecedent(masked, sent_lo, t.text, "pronoun")
            # The verb closes the writer's sentence ("… als "…" bezeichnet"): its subject.
            return self._subject_of(masked, sent_lo, open_mark, t.text)
        return None

    def _mention_after(self, masked: str, toks: list[Tok], k: int, sent_lo: int,
                       verb: str) -> Attribution | None:
        """Who a speech verb names after it: 'sagte Scholz', 'dijo el presidente Pedro
        Sánchez', 'сказав він', 'sagte der Serbe'."""
        if k >= len(toks):
            return None
        t = toks[k]
        if t.low in self.pronouns:
            return self._antecedent(masked, sent_lo, verb, "pronoun")
        j = k + 1 if t.low in self.dets else k
        while j < len(toks) and not toks[j].cap and toks[j].low in TITLES:
            j += 1  # "сказал советник Подоляк", "dijo el presidente Pedro Sánchez"
        if t.low in self.dets and j < len(toks) and self.lang == "de" and j == k + 1 and \
                not self.title(toks[j].text) and (j + 1 >= len(toks) or not toks[j + 1].cap):
            return self._antecedent(masked, sent_lo, verb, "description")  # "der Serbe"
        found = self._office_holder(toks, j, verb)
        if found is not None:
            return found
        if t.low in self.dets:
            if t.low not in {"ein", "eine", "un", "una", "une", "uno"}:
                return self._antecedent(masked, sent_lo, verb, "description")
            return Attribution(verb)
        return None

    def _office_holder(self, toks: list[Tok], j: int, verb: str) -> Attribution | None:
        """The name after an office and its institution: "Pedro Sánchez" in "presidente del
        Gobierno, Pedro Sánchez" (apposed after a comma), "Jean-Noël Barrot" in "ministre des
        Affaires étrangères Jean-Noël Barrot" (a run not after a preposition), "Guido
        Crosetto" in "ministro della Difesa Guido Crosetto" (the last two words of a longer
        run after one). Russian and Ukrainian put more between the verb and the name
        ("заявил в понедельник пресс-секретарь президента России Дмитрий Песков")."""
        if j < len(toks) and toks[j].cap:
            run = self._name_run(toks, j)
            if run is not None:
                return self._attribution(verb, toks, run)
        end = min(len(toks), j + 10)
        free = self.lang in _SLAVIC
        adjectives = 0  # lowercase words after an institution ("Affaires étrangères")
        while j < end:
            t = toks[j]
            if t.text == ",":
                run = self._name_run(toks, j + 1) if j + 1 < len(toks) and toks[j + 1].cap \
                    else None
                return self._attribution(verb, toks, run) if run is not None else None
            if not t.cap:
                if t.low in self.preps or t.low in self.dets or t.low in _JOINERS or \
                        t.low in {"l'", "l’", "d'", "d’"} or t.low in TITLES or \
                        (re.match(r"\w", t.text) and (free or adjectives > 0)):
                    adjectives = max(0, adjectives - 1)
                    j += 1
                    continue
                return None
            e = j
            while e < len(toks) and toks[e].cap:
                e += 1
            institution = j > 0 and (toks[j - 1].low in self.preps or toks[j - 1].low in self.dets
                                     or toks[j - 1].low in {"l'", "l’", "d'", "d’"})
            if e < len(toks) and toks[e].text == ",":
                j = e
                continue
            if not institution:
                run = self._name_run(toks, j)
                return self._attribution(verb, toks, run) if run is not None else None
            if e - j >= 3:
                return Attribution(verb, toks[e - 2].start, toks[e - 1].end)
            j, adjectives = e, 2
        return None

    def _institution(self, toks: list[Tok], n: int, lo: int = 0) -> Attribution | None:
        """Russian and Ukrainian "they said at X" for "X said": the plural speech verb at
        ``toks[n]`` with no subject and "в"/"у" + a capitalised body right before it ("В
        Кремле заявили", "В Кремле также заявили") or just after it ("заявили в Пентагоне",
        "повідомили журналістам у МЗС України"). The body is as written, from its first
        capitalised word to the last, or a lowercase noun after an adjective ("Білому
        домі"); None when there is none (or ``toks[lo:]`` has a subject before the verb)."""
        if self.lang not in {"ru", "uk"} or not _PLURAL_PAST.search(toks[n].low):
            return None
        for p in range(n - 1, max(lo, n - MAX_INSTITUTION_WORDS - 3) - 1, -1):
            if toks[p].low in _AT and p + 1 < n and toks[p + 1].cap:
                end = self._institution_end(toks, p + 1, n)
                between = toks[end:n]
                # Not "Журналисты в Кремле заявили"; "Нарешті у Кремлі заявили" is.
                opens = p == lo or not re.match(r"\w", toks[p - 1].text) or \
                    toks[p - 1].low in COORDINATORS or \
                    (p - 1 == lo and self._initial(toks[lo]) and self.common(toks[lo].text))
                if opens and len(between) <= 2 and all(
                        re.match(r"\w", b.text) and not b.cap and b.low not in self.preps
                        for b in between):
                    return self._body_said(toks[n].text, toks[p + 1].start, toks[end - 1].end)
                return None
            if toks[p].low in self.pronouns:
                return None
            if not re.match(r"\w", toks[p].text):
                if toks[p].text == "," and toks[p + 1].low in _BUT:
                    # "В Москве приветствовали саммит, но заявили": the body of the first verb
                    found = self._opening_body(toks, lo, p, toks[n].text)
                    if found is not None:
                        return found
                break
        for p in range(n + 1, min(len(toks) - 1, n + 4)):
            if not re.match(r"\w", toks[p].text) or toks[p].cap:
                return None  # a mark, or someone named after the verb: not a body
            if toks[p].low in _AT and toks[p + 1].cap:
                end = self._institution_end(toks, p + 1, len(toks))
                return self._body_said(toks[n].text, toks[p + 1].start, toks[end - 1].end)
        return None

    def _body_said(self, verb: str, start: int, end: int) -> Attribution | None:
        """The body as written, or as the article writes it opening a sentence ("Кремль");
        None for a word in Latin letters or a channel ("в Telegram", "у Фейсбуці")."""
        first = self.body[start:end].lower()
        if not _CYRILLIC_WORD.match(first) or first.startswith(_CHANNELS):
            return None
        return Attribution(verb, start, end, name=self._subject_form(start, end), body=True)

    def _opening_body(self, toks: list[Tok], lo: int, hi: int, verb: str) -> Attribution | None:
        """The body a sentence opens with, the subject of its plural verb ("В Москве
        приветствовали …"), when nothing capitalised follows before ``toks[hi]``."""
        if hi - lo > 3 * MAX_INSTITUTION_WORDS or toks[lo].low not in _AT or \
                not toks[lo + 1].cap or not self._initial(toks[lo]):
            return None
        end = self._institution_end(toks, lo + 1, hi)
        if end < hi and _PLURAL_PAST.search(toks[end].low) and \
                not any(t.cap for t in toks[end:hi]):
            return self._body_said(verb, toks[lo + 1].start, toks[end - 1].end)
        return None

    def _institution_end(self, toks: list[Tok], i: int, hi: int) -> int:
        """The end of a body's name that starts at the capitalised ``toks[i]``: its
        capitalised words, or the organisation the NER found there and the capitalised words
        after it (a genitive complement: "МИД России", "Министерстве обороны России")."""
        j = i + 1
        entity_end = self.bodies.get(toks[i].start)
        while entity_end is not None and j < hi and toks[j].start < entity_end:
            i, j = j, j + 1  # the words are counted from the entity's last
        while j < min(hi, i + MAX_INSTITUTION_WORDS):
            t = toks[j]
            if t.cap and re.match(r"\w", t.text):
                j += 1
            elif re.match(r"\w", t.text) and _ADJECTIVE_AT.search(toks[j - 1].low) and \
                    toks[j - 1].cap and not _ADJECTIVE_AT.search(t.low):
                j += 1  # "Білому домі", "Белом доме"
            else:
                break
        return j

    def _before(self, masked: str, lead: list[Tok], sent_lo: int) -> Attribution | None:
        """'Scholz sagte: "…"' / 'Зеленский, обращаясь к …, сказал: «…»' / 'laut Scholz "…"'."""
        according = ACCORDING.get(self.lang)
        for n in range(len(lead) - 1, -1, -1):
            t = lead[n]
            if t.text == "§":
                return None  # an earlier quote's own cue
            # 'laut '/'по словам ' just before the word (the pattern is anchored at its end)
            m = according.search(masked, max(sent_lo, t.start - 40), t.start) \
                if according and t.cap else None
            if m is not None:
                run = self._name_run(lead, n, after_preposition=True)
                if run is not None:
                    found = self._attribution(" ".join(m.group().lower().split()), lead, run)
                    # "по словам Дмитрия Пескова": the genitive, named as "Дмитрий Песков"
                    return replace(found, name=self.nominative(found.start, found.end))
            if not self.verb(t):
                continue
            institution = self._institution(lead, n)
            if institution is not None:  # "В Кремле заявили: «…»"
                return institution
            k = n
            if k > 0 and lead[k - 1].low in AUXILIARIES:
                k -= 1  # "Élisabeth Borne a déclaré", "Meloni ha detto"
            if k > 0 and lead[k - 1].text == ",":
                # ", обращаясь к постсоветским странам," between the subject and the verb
                commas = [i for i in range(k - 1) if lead[i].text == ","]
                if commas:
                    k = commas[-1]
            if k > 0 and lead[k - 1].low in self.pronouns:
                return self._antecedent(masked, sent_lo, t.text, "pronoun")  # "Er nannte sie"
            run = self._run_before(lead, k)
            if run is not None:
                return self._attribution(t.text, lead, run)
            # "Как сказал Песков, «…»" / "Dann sagte Scholz: "…"": the subject follows.
            mention = self._mention_after(masked, lead, n + 1, sent_lo, t.text)
            if mention is not None and mention.start is not None:
                return mention
            found = self.sentence_subject(lead[:n])  # "X gratulierte … und sagte: "…""
            if found is not None:
                return self._attribution(t.text, lead, found)
            return Attribution(t.text)
        if lead and lead[-1].text == ":":
            run = self._run_before(lead, len(lead) - 1, initial_ok=True)  # "Песков: «…»"
            if run is not None and (run[0] == 0 or lead[run[0] - 1].text in {",", "—", "–"}):
                return self._attribution(":", lead, run)
        return None

    def _subject_of(self, masked: str, sent_lo: int, open_mark: int,
                    verb: str) -> Attribution:
        lead = _tokens(masked, sent_lo, min(open_mark, sent_lo + NEAR))  # its first words
        run = self.sentence_subject(lead)
        return self._attribution(verb, lead, run) if run is not None else Attribution(verb)

    def _antecedent(self, masked: str, sent_lo: int, verb: str, how: str) -> Attribution:
        """"he" / "the Serb": the person named as the subject of the nearest sentence before,
        in the same paragraph."""
        # The paragraph, or its last LOOK_BACK characters when it is one long line.
        para = max(masked.rfind("\n", 0, sent_lo) + 1, sent_lo - LOOK_BACK)
        starts = [para] + [para + m.end() for m in re.finditer(r"[.!?…][\"”»]?\s+",
                                                               masked[para:sent_lo])]
        for lo in reversed(starts):
            if lo >= sent_lo:
                continue
            toks = _tokens(masked, lo, sent_lo)
            run = self.sentence_subject(toks)
            if run is not None:
                return Attribution(verb, toks[run[0]].start, toks[run[1] - 1].end, how)
        return Attribution(verb, how=how)

    @staticmethod
    def _attribution(verb: str, toks: list[Tok], run: tuple[int, int]) -> Attribution:
        return Attribution(verb, toks[run[0]].start, toks[run[1] - 1].end)

    def nominative(self, start: int | None, end: int | None) -> str | None:
        """The nominative of a Russian or Ukrainian name in the genitive ("по словам Дмитрия
        Пескова"): the same name as the article writes it elsewhere as a sentence's subject,
        else (Russian) by the regular endings; None where neither applies."""
        if start is None or end is None or self.lang not in {"ru", "uk"}:
            return None
        form = self._subject_form(start, end)
        if form is not None or self.lang != "ru":
            return form
        return " ".join(_nominative_ru(w) for w in self.body[start:end].split())

    def _subject_form(self, start: int, end: int) -> str | None:
        """The name at ``start``..``end`` as the article writes it opening a sentence, in
        another case ("Дмитрий Песков заявил …" for "Дмитрия Пескова"), or None."""
        words = tuple(self.body[start:end].split())
        if words not in self._subject_forms:  # one look through the body per name
            self._subject_forms[words] = self._find_subject_form(words)
        return self._subject_forms[words]

    def _find_subject_form(self, words: tuple[str, ...]) -> str | None:
        pattern = r"\b" + r"\s+".join(re.escape(w[:max(3, len(w) - 3)]) + r"[^\W\d_]*"
                                       for w in words) + r"(?=\s+[^\W\d_A-ZА-ЯЁІЇЄҐ])"
        for m in re.finditer(pattern, self.body):
            form = " ".join(m.group().split())
            if form != " ".join(words) and all(map(_case_form, words, form.split())) and \
                    self._initial(Tok(m.start(), m.end(), form)):
                return form  # "Дмитрий Песков заявил …" opening a sentence
        return None

    def fullest(self, name: str, position: int) -> str:
        """A surname alone ("Зеленский") as the fullest form the article wrote before
        ``position`` ("Владимир Зеленский"), the way ``entities`` links names for English."""
        if " " in name:
            return name
        forms = self._forms.get(name)
        if forms is None:  # once per name: an article may quote one person hundreds of times
            forms = []
            for m in re.finditer(r"\b" + re.escape(name) + r"\b", self.body):
                words = self.body[max(0, m.start() - 60):m.start()].split()[-2:]
                while words and not all(self.name_word(w) for w in words):
                    words = words[1:]
                if words:
                    forms.append((m.start(), " ".join([*words, name])))
            self._forms[name] = forms
        i = bisect_left(forms, (position,)) - 1
        return forms[i][1] if i >= 0 else name

    def name_word(self, word: str) -> bool:
        """A capitalised word that can be part of a name: no office, acronym, function word
        or very frequent word of the language ("Президент", "МИД", "За", "України")."""
        low = word.lower()
        return word[:1].isupper() and re.sub(r"[-'’]", "", word).isalpha() and \
            not self.title(word) and not _ACRONYM.match(word) and \
            low not in self.preps and low not in self.dets and low not in self.pronouns and \
            zipf(low, self.lang) < ALWAYS_COMMON_ZIPF

    # ---------------------------------------------------------------- quoted names
    def quoted_name(self, masked: str, text: str, open_mark: int, after: int, sent_lo: int,
                    sent_hi: int) -> bool:
        """A short capitalised span in quotes that names a thing: right after a noun such as
        "hurricane", "hotel", "party" ("ураган «Хелен»", "Hurrikan "Milton""), after an
        article or preposition ("mit der "Süddeutschen Zeitung""), or with no speech cue in
        its sentence ("лидер «Национального объединения»")."""
        words = re.findall(r"[^\W\d_][\w’'\-]*|\d+", text)
        if not words or len(words) > MAX_NAME_WORDS or not words[0][:1].isupper() or \
                text.rstrip()[-1:] in {"!", "?"}:
            return False
        before = _tokens(masked, max(sent_lo, open_mark - 40), open_mark)
        last = before[-1] if before else None
        if last is not None and re.match(r"\w", last.text) and (
                self._thing(last.low) or (not last.cap and (last.low in self.dets
                                                            or last.low in self.preps))):
            return True
        key = (sent_lo, sent_hi)
        if key not in self._has_cue:  # once per sentence: a long one holds many quotes
            self._has_cue[key] = any(self.verb(t) or t.text == ":"
                                     for t in _tokens(masked, sent_lo, sent_hi))
        return not self._has_cue[key] and \
            self.attribute(masked, sent_lo, open_mark, after, sent_hi) is None

    def _thing(self, word: str) -> bool:
        if self.lang in _SLAVIC:
            return any(word.startswith(stem) for stem in THING_NOUNS)
        if self.lang == "de":
            return word.endswith(THING_NOUNS) and len(word) >= 4
        return word in THING_NOUNS


def foreign(language: str | None) -> bool:
    """Whether a quote in ``language`` goes through these rules (not English, not unknown)."""
    lang = _lang(language)
    return bool(lang) and lang != "en"


def _case_form(word: str, other: str) -> bool:
    """``other`` may be ``word`` in another case: they differ in at most their last two
    letters and by at most two in length ("Кремле"/"Кремль", "Пескова"/"Песков", "Білому"/
    "Білий"), not just in a first syllable ("Кремле"/"Крестьяне", "Москві"/"Мостами")."""
    common = len(commonprefix([word.lower(), other.lower()]))
    return abs(len(word) - len(other)) <= 2 and common >= min(len(word), len(other)) - 2


def extract_foreign_quotes(body: str, language: str | None) -> list[Quote]:
    """Direct quotes of a non-English article with no NER model: the marks are paired as in
    English (``quotes.find_spans``), the speakers are found by ``Rules`` and written as the
    article writes them."""
    from newsprism.analyze import quotes as q

    rules = Rules(body, language)
    spans = q.find_spans(body)
    masked = q._mask(body, spans)
    blocks = [(m.start(), m.end()) for m in q._BLOCK.finditer(body)]
    out: list[Quote] = []
    previous: tuple[q.Span, Quote] | None = None
    for span in spans:
        _, sent_lo, sent_hi = q.sentence_of(masked, span, blocks)  # bounded as for English
        text = " ".join(" ".join(body[s:e].split()) for s, e in span.segments)
        if not re.search(r"[^\W\d_]", text) or body[span.open_mark - 1:span.open_mark] == "=":
            continue  # numbers, ids, HTML attribute values
        if rules.quoted_name(masked, text, span.open_mark, span.after, sent_lo, sent_hi):
            continue
        found = rules.attribute(masked, sent_lo, span.open_mark, span.after, sent_hi)
        speaker: str | None = None
        how: SpeakerHow = "none"
        if found is not None and found.how == "pronoun" and previous is not None and \
                previous[1].speaker and (found.start is None or
                                         found.start < previous[0].open_mark) and \
                block_of(blocks, previous[0].open_mark) == block_of(blocks, span.open_mark):
            # '«…», — заявила Мария Захарова. «…», — добавила она.': the last one quoted
            speaker, how = previous[1].speaker, "pronoun"
        elif found is not None and found.start is not None and found.end is not None:
            speaker = found.name or rules.fullest(" ".join(body[found.start:found.end].split()),
                                                  found.start)
            how = "name" if found.how == "name" else ("pronoun" if found.how == "pronoun"
                                                      else "description")
        elif found is None and previous is not None and previous[1].speaker and \
                q._continues(masked, previous[0], span, sent_lo, blocks):
            speaker, how = previous[1].speaker, "previous"
        verb = found.verb if found is not None else ""
        if not verb and speaker is None and len(text.split()) < q.MIN_UNATTRIBUTED_WORDS:
            continue  # most likely a scare quote
        mention = (found.start, found.end) if found and found.start is not None and \
            found.end is not None and how == "name" else None
        start, end = q._trimmed(body, span.start, span.end)
        quote = Quote(
            start=start, end=end, text=text, speaker=speaker,
            speaker_mention=body[mention[0]:mention[1]] if mention else None,
            speaker_start=mention[0] if mention else None,
            cue=verb if verb not in {":", ""} else None,
            partial=q._partial(masked, span, sent_lo, text),
            how=how, paragraphs=len(span.segments), closed=span.close_mark is not None,
        )
        out.append(quote)
        previous = (span, quote)
    return out


# Russian genitive endings of names and their nominative, longest first: "Пескова" ->
# "Песков", "Дмитрия" -> "Дмитрий", "Захаровой" -> "Захарова", "Марии" -> "Мария".
_GENITIVE_RU = (("ского", "ский"), ("цкого", "цкий"), ("овой", "ова"), ("евой", "ева"),
                ("иной", "ина"), ("ской", "ская"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"),
                ("ина", "ин"), ("ына", "ын"), ("ии", "ия"), ("ия", "ий"), ("ея", "ей"),
                ("ая", "ай"), ("ги", "га"), ("ки", "ка"), ("хи", "ха"), ("ы", "а"))


def _nominative_ru(word: str) -> str:
    low = word.lower()
    for ending, nominative in _GENITIVE_RU:
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return word[:-len(ending)] + nominative
    if len(low) > 3 and low.endswith("а") and low[-2] not in "аеёиоуыэюяь":
        return word[:-1]  # "Владимира" -> "Владимир", "Гутерриша" -> "Гутерриш"
    if len(low) > 3 and low.endswith("я") and low[-2] not in "аеёиоуыэюя":
        return word[:-1] + "ь"  # "Игоря" -> "Игорь"
    return word
