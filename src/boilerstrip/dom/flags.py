"""Features of a container element: flags from its tag, ARIA role, class and id.

A flag is one bit (``F_NAV``, ``F_COMMENTS``, ...). :func:`class_flags` reads a ``class`` or
``id`` value as words and looks them up in the keyword tables below: the tables are data, the
matching is generic. Flags are features for the selection, never blanket drops.
"""

from __future__ import annotations

import re

from .._lazyre import lazy_re

__all__ = ["CHROME_FLAGS", "CHROME_KINDS", "ROLE_FLAGS", "TAG_FLAGS", "class_flags"]

# Semantic flags of a container, from its tag, role, class and id.
F_NAV = 1 << 0
F_HEADER = 1 << 1
F_FOOTER = 1 << 2
F_ASIDE = 1 << 3
F_FORM = 1 << 4
F_COMMENTS = 1 << 5
F_SHARE = 1 << 6
F_RELATED = 1 << 7
F_ADVERT = 1 << 8
F_COOKIE = 1 << 9
F_NEWSLETTER = 1 << 10
F_BREADCRUMB = 1 << 11
F_META = 1 << 12
F_CAPTION = 1 << 13
F_CONTENT = 1 << 14
F_MAIN = 1 << 15
F_LIST = 1 << 16
F_TABLE = 1 << 17
F_QUOTE = 1 << 18
F_CODE = 1 << 19
F_FIGCAPTION = 1 << 20
F_H1 = 1 << 21
F_BYLINE = 1 << 22
F_DATE = 1 << 23
F_MODAL = 1 << 24
F_HIDDEN_HINT = 1 << 25  # collapsed/"sr-only" style hints
F_POST = 1 << 26  # a forum post, answer or review
F_TAGS = 1 << 27  # tag clouds, category lists
F_AUTHOR_BIO = 1 << 28
F_PAGINATION = 1 << 29
F_FALLBACK = 1 << 30  # <noscript> or a hidden block: content only when the page has little elsewhere
F_REVIEW = 1 << 31  # customer reviews and ratings (comments, on a product page)
F_CONSENT_PLATFORM = 1 << 32  # a consent-management platform's dialog, by its own name
F_LEGAL = 1 << 33  # disclaimers and legal notes beside the content
F_BIO = 1 << 34  # "bio": a person's bio (an author's under an article; a team page's content)

# Which flags are chrome, and the kind of chrome they mean (first match wins).
CHROME_KINDS: tuple[tuple[int, str], ...] = (
    (F_COMMENTS, "comments"),
    (F_COOKIE, "consent"),
    (F_NEWSLETTER, "newsletter"),
    (F_ADVERT, "advert"),
    (F_SHARE, "social"),
    (F_RELATED, "related"),
    (F_BREADCRUMB, "navigation"),
    (F_PAGINATION, "navigation"),
    (F_NAV, "navigation"),
    (F_MODAL, "consent"),
    (F_TAGS, "tags"),
    (F_AUTHOR_BIO, "author-bio"),
    (F_LEGAL, "legal"),
    (F_ASIDE, "sidebar"),
    (F_FOOTER, "footer"),
    (F_HEADER, "header"),
    (F_FORM, "form"),
)
CHROME_FLAGS = 0
for _flag, _kind in CHROME_KINDS:
    CHROME_FLAGS |= _flag

TAG_FLAGS = {
    "nav": F_NAV, "header": F_HEADER, "footer": F_FOOTER, "aside": F_ASIDE, "form": F_FORM,
    "ul": F_LIST, "ol": F_LIST, "dl": F_LIST, "menu": F_LIST | F_NAV, "table": F_TABLE,
    "blockquote": F_QUOTE, "pre": F_CODE, "figcaption": F_FIGCAPTION, "h1": F_H1,
    "main": F_MAIN, "article": F_CONTENT, "dialog": F_MODAL, "caption": F_CAPTION,
    "noscript": F_FALLBACK, "bs-hidden": F_FALLBACK,
}
ROLE_FLAGS = {
    "navigation": F_NAV, "menu": F_NAV, "menubar": F_NAV, "search": F_NAV, "banner": F_HEADER,
    "contentinfo": F_FOOTER, "complementary": F_ASIDE, "main": F_MAIN, "article": F_CONTENT,
    "dialog": F_MODAL, "alertdialog": F_MODAL, "alert": F_MODAL, "tablist": F_NAV,
    "toolbar": F_NAV, "comment": F_COMMENTS,
}

# Keywords in class and id values. A value is cut into lower-case words (at non-letters and
# camel case: "postContent sidebar_left" -> post, content, sidebar, left); each word is looked
# up whole, each run of two or three words joined ("read", "more" -> "readmore"), and each
# word searched for the substrings below. Whole-word keywords keep "ad" from firing inside
# "header", "read" or "download".
_WORD_KEYWORDS: dict[int, tuple[str, ...]] = {
    F_COMMENTS: ("respond", "replies", "discussion", "discussions"),
    # (not "cmp": consent platforms say "cookie"/"consent" too, while "cmp-" is the prefix of
    # a widespread CMS's core components, text and containers included)
    F_ADVERT: ("ad", "ads", "adv", "dfp", "gpt", "adslot", "adunit", "adwrap", "adwrapper", "adcontainer", "adbox", "adblock", "adspace", "adzone", "googleads"),
    # (news tickers and slideshows beside a story are other stories and other pictures)
    F_RELATED: ("morestories", "morearticles", "readmore", "alsoread", "youmay", "youmaylike", "mostread", "popular", "mostpopular", "otherposts", "nextpost", "prevpost", "previouspost", "postnav", "upnext", "readnext", "morefrom", "seealso", "ticker", "newsticker", "slideshow", "slideshows"),
    # (a media player's controls and settings menus are controls, as a menu is)
    F_NAV: ("nav", "toc", "skiplink", "skiplinks", "jumplink", "jumplinks", "megamenu", "topnav", "subnav", "sitenav", "mainnav", "navlinks", "videoplayer", "audioplayer", "mediaplayer", "playercontrols", "playersettings", "controlbar", "vjs", "jwplayer", "mejs", "plyr"),
    F_TAGS: ("tag", "tags", "taglist", "tagcloud", "categories", "postcategories", "keywords", "topics", "posttags", "entrytags", "articletags"),
    # (a forum signature is the author's footer under each post, not part of the post)
    F_AUTHOR_BIO: ("authorbio", "abouttheauthor", "authorbox", "authorinfo", "biobox", "authorcard", "authorprofile", "usersig", "postsig", "sigtext", "usersignature", "signaturetext", "signaturecontainer", "forumsignature"),
    # (a disclaimer or a legal note reads as prose, but is the site's, not the page's)
    F_LEGAL: ("disclaimer", "disclaimers"),
    # (not chrome by itself: on an article it is the author's, on a team page the content)
    F_BIO: ("bio", "bios"),
    F_ASIDE: ("rail", "aside", "secondary"),
    # (a poll beside a story asks the reader, as a form does)
    F_FORM: ("poll", "polls", "quickpoll", "pollwidget"),
    F_FOOTER: ("siteinfo",),
    F_HEADER: ("header", "masthead", "siteheader", "topbar", "pageheader", "globalheader"),
    F_BYLINE: ("author", "authors", "authorname", "writer", "contributor", "byauthor"),
    F_DATE: ("date", "dateline", "time", "timestamp", "published", "pubdate", "postdate", "entrydate", "postedon", "updated", "publishdate"),
    F_META: ("meta", "entrymeta", "postmeta", "articlemeta", "postinfo", "entryfooter", "postfooter"),
    F_CONTENT: ("text", "body", "postbody", "blogpost", "richtext", "bodycopy", "maintext", "articlebody", "entrycontent", "postcontent"),
    F_POST: ("post", "posts", "message", "messages", "answer", "answers", "question", "reply", "review", "reviews", "thread", "topic", "postbit"),
    F_REVIEW: ("review", "reviews", "reviewlist", "reviewslist", "customerreviews", "productreviews", "ratings"),
    F_MAIN: ("main", "maincontent", "primary"),
    F_HIDDEN_HINT: ("hidden", "dnone", "ishidden", "sronly", "screenreader", "visuallyhidden"),
}
_SUBSTRING_KEYWORDS: dict[int, tuple[str, ...]] = {
    F_COMMENTS: ("comment", "disqus"),
    F_COOKIE: ("cookie", "consent", "gdpr"),
    F_NEWSLETTER: ("newsletter", "subscri", "signup", "optin", "mailinglist"),
    F_ADVERT: ("advert", "adsense", "adsbygoogle", "sponsor", "taboola", "outbrain", "promo"),
    F_SHARE: ("share", "sharing", "social", "sociable", "addthis", "followus"),
    F_RELATED: ("related", "recommend", "trending", "recirc"),
    F_BREADCRUMB: ("breadcrumb", "crumbs"),
    F_PAGINATION: ("paginat", "pager"),
    F_NAV: ("navigation", "navbar", "menu"),
    F_MODAL: ("modal", "popup", "overlay", "lightbox", "offcanvas"),
    F_ASIDE: ("sidebar", "widgetarea"),
    F_FOOTER: ("footer", "colophon", "copyright"),
    F_CAPTION: ("caption",),
    F_BYLINE: ("byline",),
    F_CONTENT: ("content", "article", "entry", "story", "prose", "markdown", "description"),
    F_HIDDEN_HINT: ("visuallyhidden",),
}
_WORD_FLAGS: dict[str, int] = {}
for _flag, _words in _WORD_KEYWORDS.items():
    for _word in _words:
        _WORD_FLAGS[_word] = _WORD_FLAGS.get(_word, 0) | _flag
_SUBSTRINGS: tuple[tuple[str, int], ...] = tuple(
    (sub, flag) for flag, subs in _SUBSTRING_KEYWORDS.items() for sub in subs
)
_CLASS_CHUNK = lazy_re(r"(?<![A-Za-z0-9])[A-Za-z]+[0-9]*(?![A-Za-z0-9])")
_CAMEL_WORD = lazy_re(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_DIGIT = lazy_re(r"[0-9]")
# Class tokens that label the data of a post rather than the layout ("tag-social-media",
# "category-advertising" on a blog post's <article>): their words are not features.
# WordPress and WooCommerce write them as "tag-x", "category-x", "product_tag-x", "product_cat-x".
# State and option classes ("has-sidebar", "no-comments", "modal-enabled", "menu-open") say
# what a page has or does, not what the element is: skipped too.
_DATA_TOKEN = lazy_re(
    r"(?:^|[-_])(?:tags?|cat|category|categories|topic|format|postid|page-id)[-_]"
    r"(?!(?:list|cloud|links?|container|wrapper|group|items?|block|area|box|label|title|name|section)$)\w"
    r"|(?:^|[-_])(?:has|no|with|without|hide|show|disable|enable)[-_]"
    r"|[-_](?:enabled|disabled|open|opened|closed|active|inactive|on|off|visible|ready|loaded)$",
    re.I,
)
# (and the same in camel case: "hasDisclaimer", "noSidebar", "withComments")
_STATE_CAMEL = lazy_re(r"(?:has|no|with|without|hide|show|disable|enable)[A-Z]")
_MAX_CACHE = 200_000
_word_cache: dict[str, int] = {}
_value_cache: dict[str, int] = {}


def _word_flags(word: str) -> int:
    flags = _word_cache.get(word)
    if flags is None:
        flags = _WORD_FLAGS.get(word, 0)
        for sub, flag in _SUBSTRINGS:
            if sub in word:
                flags |= flag
        if word.startswith("nav") or word.endswith("nav"):
            flags |= F_NAV
        if len(_word_cache) > _MAX_CACHE:
            _word_cache.clear()
        _word_cache[word] = flags
    return flags


def class_flags(value: str) -> int:
    """The feature flags of a ``class`` or ``id`` value (cached: values repeat a lot).

    >>> class_flags("post-content") & F_CONTENT != 0, class_flags("header") & F_ADVERT
    (True, 0)
    >>> class_flags("relatedPosts") & F_RELATED != 0
    True
    """
    flags = _value_cache.get(value)
    if flags is not None:
        return flags
    flags = 0
    for token in value.split():
        token_flags = _token_cache.get(token)
        if token_flags is None:
            token_flags = _token_flags(token)
        flags |= token_flags
    if len(_value_cache) > _MAX_CACHE:
        _value_cache.clear()
    _value_cache[value] = flags
    return flags


_token_cache: dict[str, int] = {}


_WHOLE_TOKENS: dict[str, int] = {"signature": F_AUTHOR_BIO}
"""Class tokens that flag only as the whole token: a board's ``signature`` under each post is
its author's footer, while a Q&A site's ``post-signature`` is the post's own by-line card."""


_CONSENT_PLATFORMS = (
    "onetrust", "optanon", "ot-sdk", "cybotcookiebot", "didomi", "qc-cmp2", "truste-consent", "usercentrics",
    "osano-cm", "iubenda-cs", "cmplz-", "borlabscookie", "cookiefirst", "cky-consent", "sp_message_container",
)
"""Class and id prefixes of consent-management platforms' dialogs (:data:`F_CONSENT_PLATFORM`).
Their preference centres hold pages of legal prose (one paragraph per purpose and vendor),
more than a short story beside them: neither the prose nor the size that make a class word
doubtful makes these doubtful, they are consent dialogs whatever they hold."""


def _token_flags(token: str) -> int:
    """The flags of one class token (cached: tokens repeat across pages and sites far more
    than whole ``class`` values do)."""
    low = token.lower()
    flags = _WHOLE_TOKENS.get(low, 0)
    if low.startswith(_CONSENT_PLATFORMS):
        flags |= F_CONSENT_PLATFORM
    # (every data or state token has a "-" or "_" next to its keyword)
    if not (("-" in token or "_" in token) and _DATA_TOKEN.search(token) or _STATE_CAMEL.match(token)):
        # Chunks are the parts between separators; a chunk that mixes letters and digits
        # inside ("b3f91e2", a generated id) is skipped, a trailing number ("col2") is not.
        words: list[str]
        if _DIGIT.search(token) is None:
            # without digits every run of letters is a chunk: the words are read in one pass
            words = [w.lower() for w in _CAMEL_WORD.findall(token)]
        else:
            words = []
            for chunk in _CLASS_CHUNK.findall(token):
                words.extend(w.lower() for w in _CAMEL_WORD.findall(chunk))
        for i, word in enumerate(words):
            flags |= _word_flags(word)
            if i:
                flags |= _WORD_FLAGS.get(words[i - 1] + word, 0)
                if i > 1:
                    flags |= _WORD_FLAGS.get(words[i - 2] + words[i - 1] + word, 0)
    if len(_token_cache) > _MAX_CACHE:
        _token_cache.clear()
    _token_cache[token] = flags
    return flags
