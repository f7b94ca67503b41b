"""Lines that are page chrome, not article text, in any outlet's layout (multilingual).

Used by ``html_body`` after trafilatura: each rule is general (no outlet names), and each is
kept only because it raised extraction F1 on the dev set (see bench/README.md for each rule's
figure; the "Read also:" teaser rule costs readability's set 0.0007, whose gold keeps such
lines, and is kept because teasers are links to other stories by design). ``is_credit`` is
not enabled (no net gain). Matching is on the whole line, case-insensitive, except for calls to
action, which are found inside a short line.
"""

from __future__ import annotations

import re

# A line that opens a "more stories" block: everything after it, near the end, is links.
_TAIL_MARKERS = (
    "you might also like", "you may also like", "related stories", "related articles",
    "related content", "related coverage", "more stories", "more on this story",
    "more from", "most read", "most popular", "recommended", "recommended stories",
    "read more", "read next", "trending", "top stories", "latest news", "also read",
    "more in", "what to read next", "popular now", "don't miss", "related posts", "similar posts",
    "popular posts", "recent posts", "you might also enjoy", "more like this", "related reading",
    # de, nl, fr, es, it, pt, no/da/sv, id, pl, tr
    "mehr zum thema", "das könnte sie auch interessieren", "meistgelesen", "weitere artikel",
    "lees meer", "lees ook", "meer nieuws", "à lire aussi", "lire aussi", "sur le même sujet",
    "les plus lus", "leer más", "lee también", "te puede interesar", "más noticias",
    "leggi anche", "potrebbe interessarti", "leia também", "leia mais", "veja também",
    "les også", "mest lest", "læs også", "läs också", "mest läst", "berita lainnya",
    "baca juga", "czytaj też", "czytaj także", "ilginizi çekebilir", "daha fazla",
)
_TAIL_MARKER = re.compile(
    r"^(?:" + "|".join(re.escape(m) for m in _TAIL_MARKERS)
    + r"|(?:also|more) (?:on|from|at) [\w .'’&-]{1,30}"
    # "Other opinion columns", "More business news", "More sports stories"
    + r"|(?:other|more) (?:[\w’'-]+ ){0,2}(?:columns|stories|articles|news|posts|headlines))"
    + r"\s*[:.…!]*$",
    re.IGNORECASE,
)

# Whole lines that are never article text.
_CHROME = re.compile(
    r"^(?:"
    # "Copyright 2009, …", "Copyright: Project Syndicate", not "Copyright lawyers for the band said"
    r"(?:copyright\s*)?©.{0,120}|copyright\s*(?:\(c\)|:|\d{4}).{0,120}"
    r"|.{0,80}all rights reserved\.?"
    r"|(?:advertisement|anzeige|werbung|publicidad|publicité|pubblicità|annonse|reklame)"
    r"|(?:share|share this|share this article|teilen|partager|compartir|condividi|pin it)"
    # a "read more" button or a screen-reader label standing alone on its line
    r"|(?:read more|weiterlesen|mehr lesen|lire la suite|leer más|leggi di più|czytaj więcej"
    r"|les mer|läs mer|lees meer)\W{0,3}|article content"
    r"|comments?|kommentare|commentaires|comentarios|commenti"
    r"|(?:sign up|subscribe|join our|follow us|follow \S+ on)\b.{0,160}"
    r"|(?:you must|please) (?:log ?in|logout|log out|sign in|confirm).{0,160}"
    r"|(?:photo|photos|foto|fotos|bild|image|picture|credit|crédit|quelle|source)s?"
    r"\s*[:/]\s*[^.!?]{1,60}"
    r")$",
    re.IGNORECASE,
)

# A dateline or timestamp on its own line: "2024-10-14", "20/1/2026 18:30",
# "Stand: 22.04.2024, 06:00 Uhr", "Updated 5 March 2024".
_DATE_LINE = re.compile(
    r"^(?:(?:stand|updated|published|aktualisiert|veröffentlicht|mis à jour|publié"
    r"|actualizado|publicado)\s*:?\s*)?"
    r"(?:\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:[,\s]+(?:um\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:uhr|h|am|pm|utc|gmt|cet|cest)?)?"
    r"\.?$",
    re.IGNORECASE,
)

# A byline alone on a line: "By Ben Blanchard and Yimou Lee", "Von Nina Magoley".
_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|oleh|przez)\s+"
    r"[\w.'’-]+(?:\s+[\w.'’-]+){0,3}(?:\s*(?:,|and|und|et|y|e|en|og|och|&)\s*"
    r"[\w.'’-]+(?:\s+[\w.'’-]+){0,3}){0,3}$",
    re.IGNORECASE,
)


# A teaser for another story inside the body: "Read also: <headline>", "Les også: ...".
_TEASER_PREFIXES = (
    "read also", "also read", "read more", "read next", "up next", "must read", "see also", "more",
    "related", "related article", "related articles", "related story", "related stories", "watch",
    "listen", "funda olunye udaba lapha",  # zu: "read another story here"
    "lees ook", "lees meer", "les også", "læs også", "läs också", "lue myös", "lire aussi",
    "à lire aussi", "a lire aussi", "voir aussi", "lee también", "leer más", "ver también",
    "leggi anche", "leia também", "leia mais", "veja também", "czytaj też", "czytaj także",
    "czytaj więcej", "baca juga", "zum artikel", "mehr zum thema", "lesen sie auch",
    "auch interessant", "das könnte sie interessieren", "okuyun", "ayrıca okuyun",
    "читайте также", "читайте также:", "див. також", "читайте також",
)
_TEASER = re.compile(
    # A dash separates only with a space before it: "Watch-makers", "Related-party
    # transactions", "More-or-less" open story sentences.
    r"^(?:" + "|".join(re.escape(m) for m in _TEASER_PREFIXES) + r")(?:\s*[:|»>›→]|\s+[–-])"
    r"\s*\S.{3,}$",
    re.IGNORECASE,
)

# The start of a comment section: everything after it is readers' talk or links.
_COMMENTS = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|comments are closed"
    r"|join the (?:conversation|discussion)|join (?:our|the) comment\w* (?:forum|section|community)"
    r"|(?:show|view|read|load|see) (?:all )?(?:\d+ )?comments|be the first to comment"
    r"|kommentare (?:anzeigen|lesen)|voir les commentaires|ver (?:los )?comentarios"
    r"|(?:\d+|one|no)\s+(?:responses?|comments?|replies|thoughts)"
    r"(?:\s+(?:to|on)\b.{0,120})?|kommentar (?:abgeben|schreiben)|kommentare \(\d+\)"
    r"|deja un comentario|laisser un commentaire|lascia un commento|deixe um comentário"
    r"|plaats een reactie|legg igjen en kommentar)\s*[:.!]*$",
    re.IGNORECASE,
)

# A photo credit left on its own line: "STR/AFP via Getty Images", "Reuters/Corbis", "EPA".
_CREDIT = re.compile(
    r"^[\w .,'’&|/()-]{0,60}\b(?:getty(?: images)?|afp|reuters|epa|shutterstock|imago|dpa"
    r"|picture[ -]alliance|corbis|istock(?:photo)?|ap photo|associated press|rex features"
    r"|rex|alamy|anadolu|xinhua|efe|ansa|keystone|ritzau|ntb|tt|pa(?: wire| images)?"
    r"|sipa|abaca|zuma(?: press)?)\b[\w .,'’&|/()-]{0,40}$",
    re.IGNORECASE,
)


# A call to action or a disclosure the site prints inside every story: sign up for the newsletter,
# affiliate commission note, consent text of a blocked embed, a plea for support, a paywall note.
# Each phrase is the site talking to the reader about the site, which no news story does in these
# words.
_CALL_TO_ACTION = re.compile(
    r"\b(?:newsletters?|updates|news)\b.{0,60}\bin your inbox\b"
    r"|\b(?:abonnieren sie|bestellen sie)\b.{0,40}\bnewsletter\b"
    r"|\b(?:inscrivez-vous|abonnez-vous)\b.{0,40}\b(?:newsletter|lettre d.information)\b"
    r"|\b(?:suscr[ií]bete|reg[ií]strate)\b.{0,40}\b(?:newsletter|bolet[ií]n)\b"
    r"|\beinverstanden\b.{0,60}\bexterne[nr]? inhalt"
    r"|\bexternal content\b.{0,80}\b(?:consent|privacy settings)\b"
    r"|\bunterstützen sie uns\b|\bsupport our journalism\b"
    r"|\b(?:follow|like) us on (?:facebook|twitter|instagram|x|threads|bluesky)\b"
    # paywall notices: "Il vous reste 57% de cet article à lire", "for subscribers only"
    r"|la suite est réservée aux abonnés|il vous reste \d+(?:[.,]\d+)?\s?% de cet article"
    r"|\b(?:article|story) is (?:only )?(?:available|reserved) (?:to|for) (?:paying )?subscribers"
    r"|\bsubscribe (?:now )?to (?:continue|keep) reading|\bweiterlesen mit\b"
    r"|\b(?:solo|exclusivo) para suscriptores|\briservato agli abbonati|有料会員|会員限定"
    # asking for feedback on the article, or a note that it is a stub to be updated
    r"|\bfehler gefunden\?|\b(?:found|spotted) (?:an? )?(?:error|mistake|typo)\?"
    r"|\bwie hat ihnen (?:dieser|der) (?:artikel|beitrag) gefallen\b"
    r"|\bwas this (?:article|story) (?:helpful|useful)\b"
    r"|\bihre meinung ist uns wichtig\b"
    r"|\byour (?:opinion|feedback) (?:matters|is important) to us\b"
    # a stub note opens its line: after the news ("Two people were killed … This is a
    # breaking news story and will be updated.") the line is the story itself
    r"|^\W*this is a breaking news? story\b"
    r"|^\W*this (?:story|article) (?:is developing|will be updated)\b",
    re.IGNORECASE,
)


# Phrases a story also uses in its own reporting ("Residents can sign up for emergency text
# updates", "brokers may earn a commission", "the grant would support independent journalism"):
# calls to action only when the site speaks to the reader (_READER) or the verb opens a sentence
# as an imperative ("Sign up for AP's weekly politics newsletter").
_ADDRESSED = re.compile(
    r"\b(?:sign up|subscribe)\b.{0,60}\b(?:newsletters?|inbox|e-?mail|updates)\b"
    r"|\bmay earn (?:us )?(?:an? )?(?:affiliate )?commission\b"
    r"|\bsupport independent journalism\b",
    re.IGNORECASE,
)
_READER = re.compile(r"(?-i:\b(?:[Yy]ou|[Yy]our|[Oo]ur|us|[Ww]e)\b)"  # "US officials" is no "us"
                     r"|\baffiliate\b|\bthrough (?:our )?links\b"
                     r"|(?:^|[.!?:|]\s*)(?:please\s+)?(?:sign up|subscribe|support)\b",
                     re.IGNORECASE)


def is_call_to_action(line: str) -> bool:
    """True for a short line where the site addresses the reader (newsletter, affiliate note)."""
    if len(line.split()) > 50:
        return False
    return bool(_CALL_TO_ACTION.search(line)) or bool(
        _ADDRESSED.search(line) and _READER.search(line.strip()))


def is_teaser(line: str) -> bool:
    """True for an inline link to another story ("Read also: ...")."""
    return len(line) <= 200 and bool(_TEASER.match(line.strip()))


def is_comments_marker(line: str) -> bool:
    """True for a line that opens the comment section."""
    return len(line) <= 160 and bool(_COMMENTS.match(line.strip()))


def is_credit(line: str) -> bool:
    """True for a picture credit alone on a line (an agency name, no sentence)."""
    line = line.strip()
    return (len(line.split()) <= 8 and not line.endswith((".", "!", "?", ":"))
            and bool(_CREDIT.match(line)))


def is_tail_marker(line: str) -> bool:
    """True for a heading that opens a block of links to other stories."""
    return len(line) <= 60 and bool(_TAIL_MARKER.match(line.strip()))


# The post footer of blog themes (WordPress's default among them): "This entry was posted on
# <date> and is filed under <categories>. You can follow any responses ...", the Likes widget,
# "Posted in X | Tagged Y", "Tags: a, b, c".
_POST_FOOTER = re.compile(
    r"^(?:this (?:entry|post) was posted (?:on|in) .{0,400}|be the first to like this\.?"
    r"|like this:?|share this:?|like loading\.{0,3}|posted in .{1,120}\|\s*tagged .{0,200}"
    r"|filed under: .{1,150}|tags: .{1,150})$",  # not "Filed under seal, the indictment …"
    re.IGNORECASE,
)


# A breadcrumb trail: "News > World > Europe", "科技 > 要闻 > 正文" (3+ short steps, no code).
_CRUMB_SEPARATOR = re.compile(r"\s+[>›»]\s+")
_CODE_CHARS = re.compile(r"[{}();=<#.:]")


def is_breadcrumb(line: str) -> bool:
    steps = _CRUMB_SEPARATOR.split(line.strip())
    return (len(steps) >= 3 and len(line.split()) <= 16
            and all(1 <= len(step.split()) <= 4 and not _CODE_CHARS.search(step) for step in steps))


def is_chrome(line: str) -> bool:
    """True for a line of page furniture: copyright, share, ads, sign-up, photo credit, the
    post footer of a blog theme, a breadcrumb trail."""
    line = line.strip()
    return ((len(line) <= 200 and bool(_CHROME.match(line)))
            or (len(line) <= 500 and bool(_POST_FOOTER.match(line))) or is_breadcrumb(line))


def is_date_line(line: str) -> bool:
    return len(line) <= 60 and bool(_DATE_LINE.match(line.strip()))


def is_byline(line: str) -> bool:
    line = line.strip()
    if len(line) > 100 or not _BYLINE.match(line):
        return False
    words = line.split()[1:]
    # Names are capitalised (in scripts that have case); "by the river" is not a byline.
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in _JOINERS for w in words)


_JOINERS = {"and", "und", "et", "y", "e", "en", "og", "och", "&", "van", "von", "de", "der",
            "da", "di", "del", "la", "le", "bin", "al"}
