"""Every selector the HTML reader uses, in one place (as trafilatura keeps its xpaths.py).

Metadata is read from structured data first (JSON-LD, OpenGraph, ``<meta>``), then from
markup. Each tuple is tried in order; the first non-empty value wins.
"""

from __future__ import annotations

from lxml.etree import XPath

JSON_LD = XPath('//script[@type="application/ld+json" or @type="application/json+ld"]/text()')

# JSON-LD @type values that describe the article itself (lower case, tried in this order).
ARTICLE_TYPES = (
    "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "liveblogposting",
    "article", "blogposting", "socialmediaposting", "report", "scholarlyarticle",
    "techarticle", "creativework", "webpage",
)

HTML_LANG = XPath("/html/@lang | /html/@xml:lang",
                  namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
CONTENT_LANGUAGE = XPath('//meta[translate(@http-equiv, "CONTENTLAGU", "contentlagu")'
                         '="content-language"]/@content')
CANONICAL = XPath('//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href')
TITLE_TAG = XPath("//head/title//text() | /html/title//text()")
H1 = XPath("//h1")

# <meta property=...> / <meta name=...> keys, lower case; first match wins.
META_TITLE = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title")
META_URL = ("og:url", "twitter:url")
META_LOCALE = ("og:locale", "dc.language", "language")
META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
META_SITE_NAME = ("og:site_name", "application-name", "publisher", "dc.publisher")
META_SECTION = ("article:section", "section", "parsely-section", "sailthru.section", "category")
META_TAGS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
META_AUTHOR = (
    "author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
    "byl", "twitter:creator",
)
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "datepublished",
    "publish-date", "publishdate", "pubdate", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published",
    "cxenseparse:recs:publishtime", "originalpublicationdate",
)
META_UPDATED = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "article.updated",
)

ITEMPROP_DATE_PUBLISHED = XPath('//*[@itemprop="datePublished"]/@content'
                                ' | //*[@itemprop="datePublished"]/@datetime')
ITEMPROP_DATE_MODIFIED = XPath('//*[@itemprop="dateModified"]/@content'
                               ' | //*[@itemprop="dateModified"]/@datetime')
ITEMPROP_AUTHOR = XPath('//*[@itemprop="author"]//*[@itemprop="name"]'
                        ' | //*[@itemprop="author"][not(.//*[@itemprop="name"])]')
REL_AUTHOR = XPath('//a[@rel="author"]')

# Image captions and credits: <figure><figcaption>...</figcaption></figure> and the usual
# class names for a credit inside it.
FIGCAPTION = XPath("//figure//figcaption")
CAPTION_CREDIT = XPath(
    './/*[contains(translate(@class, "CREDITOPYGHSU", "creditopyghsu"), "credit")'
    ' or contains(translate(@class, "CREDITOPYGHSU", "creditopyghsu"), "copyright")'
    ' or contains(translate(@class, "CREDITOPYGHSU", "creditopyghsu"), "source")'
    ' or contains(translate(@class, "CREDITOPYGHSU", "creditopyghsu"), "author")'
    ' or @itemprop="copyrightHolder" or @itemprop="creditText" or self::small]'
)

# "Related articles" boxes: only where the markup says so (class/id or aria-label).
RELATED_BOX = XPath(
    '//*[self::aside or self::section or self::div or self::ul or self::nav]'
    '[contains(translate(@class, "RELATED", "related"), "related")'
    ' or contains(translate(@id, "RELATED", "related"), "related")'
    ' or contains(translate(@aria-label, "RELATED", "related"), "related")]'
)
RELATED_LINKS = XPath(".//a[@href]")

# Paragraphs that may be article text (used to check the extraction did not miss the body).
LONG_P_CANDIDATES = XPath("//p[not(ancestor::nav or ancestor::aside or ancestor::footer)]")

# Elements printing the page description (standfirst), innermost first is not guaranteed:
# callers check the text length. ``$probe`` is the description's first words.
STANDFIRST_CANDIDATES = XPath(
    "//body//*[self::p or self::div or self::h2 or self::span or self::strong or self::section]"
    "[contains(normalize-space(.), $probe)]"
    "[not(ancestor-or-self::nav or ancestor-or-self::footer or ancestor-or-self::aside"
    " or ancestor-or-self::script or ancestor-or-self::noscript or ancestor-or-self::figcaption)]"
)

# Photo galleries, slideshows and carousels (class/id substrings, lower case): a caption per
# picture, never the story's prose. Matched in Python (html_body), as an XPath translate() over
# every element costs ~10 ms on a big page.
GALLERY_CLASS_WORDS = ("gallery", "slideshow", "carousel")
# Third-party embeds and video players: a tweet, a post, the player's menus.
EMBED_CLASS_WORDS = ("twitter-tweet", "instagram-media", "tiktok-embed", "social-embed",
                     "video-js", "vjs-", "jwplayer")
# Fact boxes beside the story ("Fakta om ...", "Das Wichtigste in Kürze", key figures): a summary
# the outlet sets apart, not story prose. A <table> so named (a wiki's infobox) is data and stays.
FACTBOX_CLASS_WORDS = ("factbox", "fact-box", "facts-box", "faktbox", "faktenbox", "infobox",
                       "info-box")
# An author's box (photo, short biography, "more by"): never story text, in any set's gold.
AUTHOR_BOX_CLASS_WORDS = ("author-bio", "authorbio", "about-author", "aboutauthor",
                          "about-the-author", "author-box", "authorbox", "author-info",
                          "authorinfo", "author-description", "autor-info", "author-card",
                          "authorprofile")
# Picture captions outside <figcaption>: an element named for its caption, or a picture box (an
# element named image/photo/picture that holds an <img>) whose text is the caption and credit.
CAPTION_CLASS_WORDS = ("caption", "bildunterschrift", "legende", "legend")
PICTURE_CLASS_WORDS = ("picture", "image", "photo", "foto", "bild")
