"""Word lists the quote rules use: speech verbs, pronouns, titles, words that are not names.

Kept apart from the rules so a language can be added by adding lists, and so the lists can be
read and reviewed on their own.
"""

from __future__ import annotations

import re

# English reporting verbs, base forms; inflections are generated below.
_VERBS = """
say tell add write state declare explain note argue ask reply respond insist claim warn continue
recall acknowledge admit announce complain concede contend counter caution emphasize emphasise
observe predict remark report stress suggest tweet post urge vow yell shout joke muse offer promise
proclaim boast charge conclude confirm testify thunder wonder describe lament quip reiterate
recount assert affirm allege agree disagree deny retort scoff sneer shoot fire rail blast slam
praise criticize criticise mock point pledge tout answer estimate maintain add
reason fret gush cry plead beg demand signal hint indicate concur elaborate clarify interject repeat
call echo
email text message reflect remember murmur whisper grumble sigh laugh smile
""".split()

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"],
    "shoot": ["shot back"],
    "fire": ["fired back"],
    "point": ["pointed out", "points out", "pointing out"],
    "cry": ["cried", "cries"],
    "agree": ["agreed", "agrees"],
    "disagree": ["disagreed", "disagrees"],
    "deny": ["denied", "denies"],
    "testify": ["testified", "testifies"],
    "reply": ["replied", "replies"],
    "clarify": ["clarified", "clarifies"],
    "beg": ["begged", "begs"],
    "quip": ["quipped", "quips"],
    "tweet": ["tweeted", "tweets"],
    "email": ["emailed", "emails"],
    "text": ["texted"],
    "admit": ["admitted", "admits", "admitting"],
    "fret": ["fretted", "frets"],
    "plead": ["pleaded", "pled", "pleads"],
    "echo": ["echoed", "echoes", "echoing"],
}


def _inflect(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb]]
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith(("sh", "ch", "ss", "x")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


SPEECH_VERBS: frozenset[str] = frozenset(f for v in _VERBS for f in _inflect(v))
# Forms that are also common nouns/other senses: only accepted right next to a quote.
WEAK_VERBS = frozenset({"post", "posts", "text", "report", "reports", "charge", "charges",
                        "offer", "offers", "continue", "continued", "note", "notes", "counter",
                        "smile", "laugh", "message", "signal", "fire", "shoot", "point",
                        "answer", "cry", "promise", "remark", "demand", "estimate", "reason",
                        "reflect", "describe", "described", "describes", "praise", "praised",
                        "criticized", "criticised", "blast", "slam", "mock", "rail", "agree",
                        "state", "states", "comment", "writing", "written", "saying", "telling",
                        "call", "calls", "called", "calling", "email", "emails"})

# Russian / Ukrainian reporting verbs (past tense, all genders).
SPEECH_VERBS_RU_UK = frozenset("""
сказал сказала сказали заявил заявила заявили отметил отметила добавил добавила подчеркнул
подчеркнула написал написала сообщил сообщила пояснил пояснила
сказав сказала заявив заявила зазначив зазначила додав додала наголосив наголосила написав
написала повідомив повідомила
ответил ответила ответили объяснил объяснила уточнил уточнила признал признала рассказал
рассказала напомнил напомнила подтвердил подтвердила сообщили отметили подчеркнули
говорит заявляет отмечает сообщает пишет считает
відповів відповіла пояснив пояснила розповів розповіла нагадав нагадала підтвердив підтвердила
каже заявляє зазначає повідомляє
""".split())
# "Как сообщил Песков, «…»": after these the speech verb comes before its subject.
AS_SAID = frozenset({"как", "як"})

# French reporting verbs: past participles (after "a"/"ont": "a déclaré") and the present
# ("déclare-t-il"). Matched in lower case only; words that are also English ("note",
# "assure", "observe") are left out.
SPEECH_VERBS_FR = frozenset("""
déclaré déclare déclarent dit disent affirmé affirme ajouté ajoute expliqué explique souligné
souligne indiqué indique estimé estime répondu répond assuré précisé précise annoncé confié
insisté martelé martèle rappelé rappelle lancé poursuivi poursuit reconnu reconnaît admis
prévenu prévient averti avertit dénoncé dénonce regretté regrette jugé commenté commente
raconté raconte confirmé confirme déploré déplore tweeté ironisé ironise résumé résume
témoigné témoigne assuré affirment estiment expliquent soulignent
""".split())
FRENCH_AUXILIARIES = frozenset({"a", "ont", "avait", "avaient"})

VERB_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
    + r")\b", re.IGNORECASE)

PRONOUNS = {"he": "m", "she": "f", "they": "p", "i": "s", "we": "p", "it": "n",
            "il": "m", "elle": "f", "он": "m", "она": "f", "він": "m", "вона": "f"}
MALE_WORDS = frozenset({"he", "him", "his", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})

# Honorifics and titles that precede names; stripped when comparing names.
HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
              "miss": "f", "sir": "m", "dame": "f", "lady": "f", "lord": "m",
              "m": "m", "m.": "m", "mme": "f", "mme.": "f", "mlle": "f"}  # French last
TITLES = frozenset("""
dr dr. sen sen. senator rep rep. representative gov gov. governor president vice pres. prime
minister secretary gen gen. general col col. adm adm. admiral chancellor judge justice mayor
speaker chairman chairwoman chair chief spokesman spokeswoman spokesperson ambassador pope rev
rev. father king queen prince princess sheikh ayatollah lt lt. sgt sgt. capt capt. prof prof.
former acting deputy state attorney candidate nominee leader commissioner director professor
treasurer comptroller sheriff superintendent councilman councilwoman councillor councilor
congressman congresswoman assemblyman assemblywoman archbishop rabbi imam detective sergeant
lieutenant captain prosecutor premier emir ceo
""".split())
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that",
                         "one", "another", "some", "two", "three", "several", "many"})
# Words that may sit between a subject and its speech verb.
ADVERBS = frozenset("""
also later then once has have had would will again further just repeatedly previously recently
publicly simply often has long still even already both only first last earlier subsequently
privately quickly flatly bluntly finally never had has
""".split())
MALE_NAMES = frozenset("""
donald bill barack joe bernie ted marco ben jeb chris john george mike michael mitt paul rand
vladimir volodymyr dmitry sergei emmanuel boris olaf xi tony david james robert richard thomas
william charles joseph daniel mark steven steve kevin brian jeff jeffrey jim tim tom harry bob
scott eric andrew nick peter frank jack martin luke matt matthew ryan reince newt rudy rick
lindsey mitch chuck harry al dick jerry ron gary larry hank kenneth ken roger edward ed anthony
stephen jonathan adam greg gregory patrick dennis carl
""".split())
FEMALE_NAMES = frozenset("""
hillary nancy elizabeth sarah carly michelle melania ivanka huma debbie kellyanne angela theresa
marine ursula kamala nikki susan mary jennifer linda patricia barbara margaret lisa karen donna
emily anna maria julia laura amy kate katie rachel rebecca jessica ashley megan jill ruth
kirsten claire tammy diane dianne janet hope sheryl condoleezza madeleine samantha jane ann anne
""".split())
# Capitalised at the start of a sentence, these open the writer's words but never name who
# speaks: sentence adverbs, possessives, pronoun-like quantifiers and group nouns, time words.
NOT_NAMES = frozenset("""
now instead still then later meanwhile however yet so also thus hence indeed otherwise again
nonetheless nevertheless similarly moreover furthermore additionally regardless finally according
following based
my our your their his her its it it's this that these those there here what who
people others other some many most few several both all each everyone everybody someone somebody
nobody anyone critics supporters opponents observers experts analysts officials sources
residents voters users fans given
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# More common first names, so "she said" can skip a man whose gender the text never states
# (unisex names such as Jordan, Kim, Dana, Robin, Terry, Kelly are left out on purpose).
MALE_NAMES = MALE_NAMES | frozenset("""
george kenneth edward ronald timothy jason ryan jacob gary nicholas jonathan justin brandon
benjamin samuel raymond alexander henry douglas nathan zachary kyle walter harold jeremy ethan
keith gerald christian sean arthur austin noah lawrence jesse bryan billy albert dylan bruce
willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby
johnny howard geraldo doug jared dave pierre jacques francois emmanuel
sergey dmitri alexei alexey viktor victor mikhail nikolai ivan igor yuri
andrei andriy petro oleksandr vitali recep ali mohammed muhammad ahmed hassan hussein omar
abdul fred herbert hugh ian jim jimmy jon kurt lloyd marc mario neil nigel oliver oscar ralph
raul rex rob rodney roland ross sam sanjay seth simon stan stanley stuart ted theodore todd
tommy tony trevor troy vladimir wesley will william zach hugo marco luis carlos jorge pedro
""".split())
FEMALE_NAMES = FEMALE_NAMES | frozenset("""
deborah debra sandra carol sharon cynthia kathleen amanda stephanie melissa
nicole christine catherine heather virginia pamela martha teresa gloria evelyn jean cheryl joan
judith rose janice judy christina kathy theresa beverly denise irene lori marilyn andrea
kathryn louise sara jacqueline wanda bonnie ruby lois tina phyllis norma paula diana annie
lillian peggy crystal gladys rita dawn connie florence edna tiffany carmen rosa cindy grace
wendy victoria edith sherry sylvia josephine thelma sheila ethel ellen elaine marjorie carrie
charlotte monica esther pauline emma juanita anita rhonda hazel amber eva april clara lucille
joanne eleanor valerie danielle alicia suzanne michele gail bertha darlene veronica erin
geraldine lauren cathy joann lorraine sally regina erica beatrice dolores bernice audrey
yvonne annette june marion stacy ana renee ida vivian roberta holly brittany melanie loretta
yolanda jeanette laurie kristen vanessa alma sue elsie beth jeanne olivia sophia isabella ava
mia abigail madison chloe natalie hannah alexandra nina greta elena irina natalia olga
svetlana yulia tatiana gabrielle
""".split())
# Russian and Ukrainian first names in the nominative: frequent words ("Володимир" zipf 5.4),
# so a sentence opening "Володимир Зеленський заявив" kept only the surname as the speaker.
MALE_NAMES = MALE_NAMES | frozenset("""
владимир дмитрий сергей алексей александр михаил николай иван игорь юрий андрей виктор петр
пётр евгений геннадий олег борис анатолий василий павел максим антон денис рамзан
володимир дмитро сергій олексій олександр михайло микола іван ігор юрій андрій віктор петро
євген геннадій борис анатолій василь павло максим антон денис арсен арсеній віталій кирило
руслан валерій богдан ярослав тарас степан
""".split())
FEMALE_NAMES = FEMALE_NAMES | frozenset("""
мария анна елена ольга наталья татьяна ирина светлана юлия екатерина валентина людмила
марія ганна олена ольга наталія тетяна ірина світлана юлія катерина валентина людмила
""".split())
