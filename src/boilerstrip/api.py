"""``clean()`` and the reusable :class:`Cleaner`: detect the input, run the pipeline.

The pipeline reads as its steps (:meth:`Cleaner.clean`): decode, segment into blocks
(text lines or the HTML DOM), measure, apply the rules, classify what is left by density
with context, pick the fields, build the :class:`~boilerstrip.article.Article`.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal, TypeAlias
from urllib.parse import urlsplit

import regex

from ._lazyre import lazy_regex, save_compiled
from ._url import check_url
from .article import Article, Removed
from .blocks import Block, Label
from .decode import decode_page, sniff
from .errors import InputTypeError, OptionError, OptionTypeError
from .density import DEFAULT_THRESHOLDS, Thresholds, _kind, classify, expected_f1_keep, lean
from .dom.describe import PAGE_TYPES, containers, describe, iter_rows, packaged_model, page_signals, probabilities
from .dom.flags import F_BIO
from .dom.segment import Segmented
from .dom.select import says_article, select_main
from .features import count_words, measure, page_language
from .fields.pick import Fields, pick_fields
from .html import HtmlPage, parse_html
from .metadata import PageMeta
from .rules import Matcher, Rule, RuleSet, resolve
from .rules.matcher import strip_decoration
from .structure import html_structure, text_structure
from .text import normalise, text_to_blocks

if TYPE_CHECKING:
    from bs4 import Tag
    from lxml.etree import _Element, _ElementTree

__all__ = ["DEFAULT_MAX_BYTES", "Cleaner", "Favor", "InputKind", "PageInput", "clean"]


DEFAULT_MAX_BYTES = 50_000_000
"""Pages larger than this (bytes, or characters for ``str`` input) raise ``InputTooLarge``."""

InputKind = Literal["auto", "text", "html"]
Favor = Literal["balanced", "precision", "recall"]
PageInput: TypeAlias = "str | bytes | bytearray | memoryview | Tag | _Element | _ElementTree"
"""What :func:`clean` takes: text or markup as ``str`` or bytes, or a page a scraper has
already parsed: a BeautifulSoup document or tag, or an lxml element or tree (serialised back
to markup and read as HTML)."""
_FAVOR_BIAS = {"balanced": 0.0, "precision": 0.12, "recall": -0.12}

_RULE_LABELS = {
    "remove": Label.CHROME,
    "keep": Label.BODY,
    "headline": Label.HEADLINE,
    "timestamp": Label.TIMESTAMP,
    "caption": Label.CAPTION,
}


class Cleaner:
    """A configured cleaner: set up once, clean many pages; safe to share between threads.

    ``rules`` are added to the built-in rules (the user's take precedence), or replace them
    with ``default_rules=False``. ``favor`` is the one dial between precision and recall.

    >>> cleaner = Cleaner()
    >>> page = "Share this article\\n\\n" + "The council met on Tuesday and agreed the new budget for the schools of the town. " * 2
    >>> cleaner.clean(page).removed[0].kind
    'social'
    """

    def __init__(
        self,
        *,
        rules: RuleSet | Rule | Iterable[Rule] | None = None,
        default_rules: bool = True,
        favor: Favor = "balanced",
        include_comments: bool = False,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        thresholds: Thresholds | None = None,
    ) -> None:
        _check_options(favor=favor, max_bytes=max_bytes)
        self.rules = resolve(rules, defaults=default_rules)
        self.favor = favor
        self.include_comments = include_comments
        self.max_bytes = max_bytes
        self.neutral = thresholds or DEFAULT_THRESHOLDS
        self.thresholds = replace(self.neutral, bias=self.neutral.bias + _FAVOR_BIAS[favor])

    def clean(
        self,
        page: PageInput,
        *,
        url: str | None = None,
        language: str | None = None,
        now: datetime | None = None,
        input: InputKind = "auto",
    ) -> Article:
        """Clean one page (see :func:`boilerstrip.clean`)."""
        return self._run(page, url=url, language=language, now=now, input=input)[0]

    def explain(
        self,
        page: PageInput,
        *,
        url: str | None = None,
        language: str | None = None,
        now: datetime | None = None,
        input: InputKind = "auto",
    ) -> tuple[Article, list[Block]]:
        """Clean one page and also return every block with its decision, kind, reason and score."""
        return self._run(page, url=url, language=language, now=now, input=input)

    def _run(
        self, page: PageInput, *, url: str | None, language: str | None, now: datetime | None, input: InputKind
    ) -> tuple[Article, list[Block]]:
        _check_page_options(url=url, language=language, now=now, input=input)
        given_url, url = url, (check_url(url) if url is not None else None)
        markup, parsed_tree = _check_type(page)
        text = decode_page(markup, max_bytes=self.max_bytes)
        notes = []
        if input == "auto" and not parsed_tree:
            sniffed = sniff(text)
            is_html = sniffed.html
            if sniffed.note:
                notes.append(sniffed.note)
        else:
            is_html = input != "text"
        matcher = self.rules.compile(url=url, language=language)
        if given_url is not None and url is None:
            notes.append(f"url {given_url[:100]!r} is not a usable URL: cleaned as if none were given")
        if is_html:
            parsed = parse_html(
                text, url=url, include_comments=self.include_comments, selector_rules=matcher.selector_rules, language=language
            )
            if url is None and (stated := _stated_url(parsed.meta)) is not None:
                # the page's own address (canonical link, og:url) stands in for url=: its
                # site's rules apply and its date counts; the caller's url= always wins
                url, site = stated, self.rules.compile(url=stated, language=language)
                if [r.id for r, _ in site.selector_rules] != [r.id for r, _ in matcher.selector_rules]:
                    parsed = parse_html(
                        text, url=url, include_comments=self.include_comments, selector_rules=site.selector_rules,
                        language=language,
                    )
                matcher = site
            blocks, meta = parsed.blocks, parsed.meta
            declared = meta.language
        else:
            parsed, blocks, meta = None, text_to_blocks(normalise(text)), None
            declared = language
        lang = page_language(blocks, declared)
        measure(blocks, lang)
        apply_rules(blocks, matcher)
        if not declared and any(b.locked for b in blocks) and (kept := page_language([b for b in blocks if not b.locked])) != lang:
            # a guessed language is the language of what the rules leave: two cookie notices in
            # English must not make a Portuguese story English (its stopwords would be misread)
            lang = kept
            measure(blocks, lang)
        judge = _HtmlJudge(blocks, parsed, url, self.include_comments) if parsed is not None else _TextJudge(blocks, lang)
        judge.before_fields(self.neutral)
        fields = pick_fields(blocks, meta, url=url, now=now, language=language, page_types=judge.types)
        judge.after_fields(self.neutral)
        if self.thresholds != self.neutral:
            # the dial moves the body only: fields are picked from the neutral decisions, so
            # "precision" keeps a subset of "balanced" and "recall" a superset
            judge.refavor(self.thresholds, precise=self.thresholds.bias > self.neutral.bias)
        if meta is not None and (meta.title or meta.og_title) and not any(b.label is Label.BODY for b in blocks):
            # (a titled page: an empty document is an empty Article, without a word)
            if (shown := sum(b.features.words for b in blocks)) < _SHELL_WORDS:
                notes.append(
                    f"no body: the page's HTML shows {shown} words outside its scripts and metadata; a script "
                    "probably writes its text (a copy rendered by a browser would hold it)"
                )
        article = build_article(
            blocks, fields, [*notes, *matcher.warnings], page_type=judge.page_type,
            segmented=parsed.segmented if parsed is not None else None, source=None if parsed is not None else text, url=url,
        )
        save_compiled()  # the patterns this page compiled first, for the next process
        return article, blocks


_SHELL_WORDS = 50
"""An HTML page with a title but no body, and fewer words than this in sight, is a shell a
script fills: its :attr:`~boilerstrip.Article.warnings` say so."""


def _stated_url(meta: PageMeta) -> str | None:
    """The address the page states for itself (its canonical link, else ``og:url``), when it
    is an absolute http(s) URL."""
    stated = check_url(meta.canonical) if meta.canonical else None
    if stated is None:
        return None
    parts = urlsplit(stated)
    return stated if parts.scheme in ("http", "https") and parts.hostname else None


class _TextJudge:
    """Text blocks: the text classifier with its context stages and the comment-thread cut
    before the fields are picked, the lean on articles after."""

    page_type = None  # a page type is told from markup
    types: Sequence[float] = ()

    def __init__(self, blocks: list[Block], lang: str) -> None:
        self.blocks = blocks
        self.open = undecided(blocks)
        self.lang = lang

    def before_fields(self, thresholds: Thresholds) -> None:
        classify(self.open, self.lang, thresholds)
        keep_prose_runs(self.open)
        keep_lone_prose(self.open)
        drop_joined_items(self.open, thresholds)
        cut_ticker(self.blocks)
        cut_comment_thread(self.blocks)  # (before the fields: a commenter's date is not the page's)

    def after_fields(self, thresholds: Thresholds) -> None:
        lean_on_articles(self.open, thresholds)

    def refavor(self, thresholds: Thresholds, *, precise: bool) -> None:
        balanced = {id(b): (b.label, b.kind, b.reason) for b in self.open if b.label in (Label.BODY, Label.CHROME)}
        for block in self.open:
            if id(block) in balanced:
                block.label = Label.UNDECIDED
        self.before_fields(thresholds)
        # (a page whose every block is doubtful falls back to its prose, which must not add to
        # the precise body)
        _one_way(self.open, balanced, precise=precise)


def _model_decides(block: Block) -> bool:
    """Whether the HTML block model decides a block: one the selection called body or chrome,
    except a comment section's (keeping comments is the caller's ``include_comments``)."""
    return block.label is Label.BODY or (block.label is Label.CHROME and block.kind != "comments")


def reads_as_article(meta: PageMeta, types: Sequence[float], threshold: float) -> bool:
    """Whether a page whose metadata does not call it an article (an older page: no og:type,
    no JSON-LD) is selected again as one: the page-type model gives "article" at least
    ``threshold`` (the model's :meth:`~boilerstrip.dom.describe.HtmlModel.reread_for`). The
    selection reads a page its metadata calls an article as one story: it neither climbs to
    the layout around the story nor takes a column beside it as more of it, nor reads a
    grid of teasers as the content."""
    return not says_article(meta) and types[_ARTICLE] >= threshold


_ARTICLE = PAGE_TYPES.index("article")


def select_as_article(seg: Segmented, meta: PageMeta, include_comments: bool) -> None:
    """Select the page's blocks again, as an article's (see :func:`reads_as_article`); every
    rule's decision stands (the rules read a block's text, never the selection's labels)."""
    ruled = [(b, b.label, b.kind, b.reason) for b in seg.blocks if b.locked]
    select_main(seg, meta, include_comments=include_comments, article=True)
    for block, label, kind, reason in ruled:
        block.decide(label, kind, reason, locked=True)


class _HtmlJudge:
    """HTML blocks: the page-type model, then the learned block classifier over what the
    markup and the selection say of each block and what kind of page it is on
    (:mod:`boilerstrip.dom.describe`), then the text mode's cut: the blocks whose expected
    word F-score is best (:func:`~boilerstrip.density.expected_f1_keep`).

    The rules' decisions, the comment sections the selection removed and the selection's
    fields (headline, captions, dateline, byline) stand and enter the cut as certain. The
    selection is the prior: a block it dropped comes back only when the model is sure
    (``restore``, in the model file, per page type), and a paragraph of prose or a block of
    code it kept stays, so chrome inserted around a page cannot change what else is kept. A
    page whose metadata does not call it an article is first selected again as one when the
    page-type model is sure enough that it is (:func:`reads_as_article`). A block the model decides
    otherwise than the selection says why (``model.body``, ``model.chrome``); when the cut
    would keep none of the blocks the model decides, the selection stands. ``favor`` aims at the model's F-beta for that setting (chosen out of fold
    by the fitting script so that each moves the figures its way), over the same probabilities;
    "recall" also lets back what the selection dropped at any probability.
    """

    def __init__(self, blocks: list[Block], parsed: HtmlPage, url: str | None, include_comments: bool = False) -> None:
        seg = parsed.segmented
        assert seg is not None
        self.blocks = blocks
        self.seg = seg
        self.include_comments = include_comments
        self.model = packaged_model()
        box = containers(seg)
        signals = page_signals(seg, parsed.meta, url, box)
        types = self.model.page_types(signals, addressed=url is not None)
        self.types = types
        self.page_type = PAGE_TYPES[types.index(max(types))] if blocks else None
        if blocks and reads_as_article(parsed.meta, types, self.model.reread_for(signals, url is not None)):
            # metadata silent, the page-type model sure: select again as on an article
            select_as_article(seg, parsed.meta, include_comments)
            box = containers(seg)
        self.box = box
        # what the selection said of each block the model decides
        self.selected = {
            i: (b.label, b.kind, b.reason) for i, b in enumerate(blocks) if not b.locked and _model_decides(b)
        }
        self.labels = [b.label for b in blocks]
        # the rules' and the fields' blocks are certain: only the others are described and scored
        self.p = [float(label is Label.BODY) for label in self.labels]
        scored = probabilities(iter_rows(seg, parsed.meta, types, box, only=self.selected), self.model)
        for i, q in zip(self.selected, scored):
            self.p[i] = q
        self.weights = [b.features.words + 0.5 for b in blocks]
        self.neutral = DEFAULT_THRESHOLDS

    def decide(self, thresholds: Thresholds, beta: float, restore: float) -> None:
        blocks, p = self.blocks, self.p
        keep = expected_f1_keep(p, self.weights, beta)
        if not any(keep[i] for i in self.selected):
            # the model never empties a page the selection found a body in
            keep = [label is Label.BODY for label in self.labels]
        for i, block in enumerate(blocks):
            block.score = p[i]
        for i, (label, kind, reason) in self.selected.items():
            block = blocks[i]
            if block.label not in (Label.BODY, Label.CHROME):
                continue  # made a field meanwhile
            if label is Label.CHROME:
                kept = keep[i] and p[i] >= restore
            else:  # a paragraph of prose or a block of code the selection kept is not the model's to remove
                kept = keep[i] or _prose_shaped(block) or "code" in block.hints
            kept = lean(kept, p[i], thresholds.bias)
            if kept == (label is Label.BODY):
                block.decide(label, kind, reason)
            elif kept:
                block.decide(Label.BODY, "", "model.body")
            else:
                block.decide(Label.CHROME, _kind(block, thresholds), "model.chrome")

    def before_fields(self, thresholds: Thresholds) -> None:
        # the fields are picked from the selection's decisions, less a comment thread, a box
        # of related stories or products or an author's bio the selection kept (their dates
        # and names are others', or said twice); the cuts are certain: the model brings none
        # of it back (keeping comments is the caller's include_comments)
        thread = range(0) if self.include_comments else cut_comment_thread(self.blocks)
        boxed = self.page_type in BOXED_TYPES
        boxes = [*cut_headed_boxes(self.blocks, self.seg), *cut_bio_boxes(self.blocks, self.seg, self.box.inherited)] if boxed else []
        for i in [*thread, *boxes, *cut_ticker(self.blocks)]:
            if self.selected.pop(i, None) is not None:
                self.p[i] = 0.0

    def after_fields(self, thresholds: Thresholds) -> None:
        self.neutral = thresholds
        self.decide(thresholds, 1.0, self.model.restore_for(self.page_type))

    def refavor(self, thresholds: Thresholds, *, precise: bool) -> None:
        mine = [self.blocks[i] for i in self.selected]
        balanced = {id(b): (b.label, b.kind, b.reason) for b in mine}
        # the setting moves the F-score aimed at (the model's beta), from the neutral
        # thresholds; "recall" also lifts the selection's prior on what it dropped
        model = self.model
        if precise:
            self.decide(self.neutral, model.beta_precision, model.restore_for(self.page_type))
        else:
            self.decide(self.neutral, model.beta_recall, 0.0)
        _one_way(mine, balanced, precise=precise)


def _one_way(blocks: Sequence[Block], balanced: Mapping[int, tuple[Label, str, str]], *, precise: bool) -> None:
    """The dial moves one way only: "precision" keeps a subset of the balanced body and
    "recall" a superset. ``balanced`` holds each block's balanced decision by ``id``."""
    for block in blocks:
        before = balanced.get(id(block))
        if before is None:
            continue
        was_body = before[0] is Label.BODY
        if (precise and block.label is Label.BODY and not was_body) or (not precise and was_body and block.label is not Label.BODY):
            block.decide(*before)


def _check_options(*, favor: object, max_bytes: object) -> None:
    """Validate the cleaner's options at the boundary, with messages that name them."""
    if not isinstance(favor, str):
        raise OptionTypeError(f"favor must be a str, one of {sorted(_FAVOR_BIAS)}, not {type(favor).__name__}")
    if favor not in _FAVOR_BIAS:
        raise OptionError(f"favor must be one of {sorted(_FAVOR_BIAS)}, not {favor!r}")
    if max_bytes is not None and (not isinstance(max_bytes, int) or isinstance(max_bytes, bool)):
        raise OptionTypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")


def _check_page_options(*, url: object, language: object, now: object, input: object) -> None:
    """Validate the per-page options of clean(), with messages that name them."""
    for name, value in (("url", url), ("language", language)):
        if value is not None and not isinstance(value, str):
            raise OptionTypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if now is not None and not isinstance(now, datetime):
        raise OptionTypeError(f"now must be a datetime or None, not {type(now).__name__}")
    if input not in ("auto", "text", "html"):
        raise OptionError(f"input must be 'auto', 'text' or 'html', not {input!r}")


def _check_type(page: object) -> tuple[str | bytes, bool]:
    """The page as ``str`` or ``bytes``, and whether it came as a parsed tree.

    A BeautifulSoup document or tag becomes its markup (``str(soup)``), an lxml element or tree
    its serialisation as HTML: the page is then parsed once more by lxml, so the Article is the
    one its markup gives (what the parser that built the tree changed, such as repaired tags,
    stays changed). Anything else raises :class:`~boilerstrip.errors.InputTypeError`."""
    if isinstance(page, str | bytes):
        return page, False
    if isinstance(page, bytearray | memoryview):
        return bytes(page), False
    module = type(page).__module__
    if module.startswith("bs4"):
        from bs4 import Tag

        if isinstance(page, Tag):
            return str(page), True
    elif module.startswith("lxml"):
        from lxml import etree

        if isinstance(page, etree._Element | etree._ElementTree):
            return etree.tostring(page, encoding="unicode", method="html"), True
    raise InputTypeError(
        "clean() takes str or bytes, a BeautifulSoup document or tag or an lxml element or tree,"
        f" not {type(page).__name__}"
    )


_DEFAULT = Cleaner()
_CLEANERS: dict[tuple[object, ...], Cleaner] = {}


def clean(
    page: PageInput,
    *,
    url: str | None = None,
    language: str | None = None,
    now: datetime | None = None,
    input: InputKind = "auto",
    rules: RuleSet | Rule | Iterable[Rule] | None = None,
    default_rules: bool = True,
    favor: Favor = "balanced",
    include_comments: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Article:
    """Clean a scraped page: body paragraphs, headline, timestamp, captions, removed chrome.

    ``page`` is plain text or HTML (detected; force it with ``input="text"`` or ``"html"``),
    as ``str`` or ``bytes`` in any encoding, or a page already parsed: a BeautifulSoup
    document or tag, or an lxml element or tree, read as HTML (:data:`PageInput`). ``url`` enables per-site rules and a date in the
    URL path; ``now`` resolves relative dates ("3 hours ago"); ``rules`` adds your rules to
    the built-in ones (``default_rules=False`` uses yours alone); ``favor`` trades recall for
    precision or the other way round; ``include_comments`` keeps comment sections of HTML.

    >>> article = clean("Like Us on Facebook\\n\\n" + "The council met on Tuesday and agreed the new budget for the schools of the town. " * 2)
    >>> article.paragraphs[0][:31]
    'The council met on Tuesday and '
    >>> [(r.text, r.kind) for r in article.removed]
    [('Like Us on Facebook', 'social')]
    """
    if not (rules is None or isinstance(rules, RuleSet | Rule)):
        if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
            raise OptionTypeError(
                f"rules must be a RuleSet, a Rule or an iterable of Rules, not {type(rules).__name__}"
                " (read a rule file with boilerstrip.load_rules(path))"
            )
        rules = tuple(rules)
    _check_options(favor=favor, max_bytes=max_bytes)
    key = (rules, default_rules, favor, include_comments, max_bytes)
    cleaner = _DEFAULT if key == (None, True, "balanced", False, DEFAULT_MAX_BYTES) else _CLEANERS.get(key)
    if cleaner is None:
        cleaner = Cleaner(rules=key[0], default_rules=default_rules, favor=favor, include_comments=include_comments, max_bytes=max_bytes)
        if len(_CLEANERS) > 32:
            _CLEANERS.clear()
        _CLEANERS[key] = cleaner
    return cleaner.clean(page, url=url, language=language, now=now, input=input)


# --- steps ---------------------------------------------------------------------------------


def apply_rules(blocks: Sequence[Block], matcher: Matcher) -> None:
    """Decide (and lock) every block a text rule matches; selector rules were applied on the DOM."""
    for block in blocks:
        if block.locked or not block.text:
            continue
        text = block.text
        words = block.features.words
        bare = None
        if not (text[0].isalnum() and text[-1].isalnum()) and _decorated(text):
            # decoration around a prompt ("→ Like us on Facebook ✉️", "• Share") is no words
            # ("➡️" is one to a \w+ count: "➡️ 18+ ➡️" would be too long for a two-word rule)
            # and hides the prompt from whole-line patterns: the words are counted without it,
            # and the patterns tried again without it
            bare = strip_decoration(text)
            words = count_words(bare)
        rule = matcher.match(text, words=words)
        if rule is None and bare and bare != text:
            rule = matcher.match(bare, words=words)
        if rule is not None:
            block.decide(_RULE_LABELS[rule.action], "" if rule.action == "keep" else rule.kind, rule.id, locked=True)


# Symbols at either end of a line that carry no words: arrows, emoji, bullets, dingbats, dashes
# and pipes (but not ©, ® or ™, which legal rules read).
_DECORATION_CLASS = r"(?:[\p{So}\p{Sm}\p{Sk}\p{Pd}|•·▪►»«*+#~\s\uFE0F\u200D](?<![©®™]))"
_DECORATION_CHAR = lazy_regex(_DECORATION_CLASS)


def _decorated(text: str) -> bool:
    """Whether ``strip_decoration`` has anything to strip from the non-empty ``text``.

    Only when its first or last character is decoration (a trailing run must end with the
    last character: a final newline, where ``$`` also matches, is white space, so decoration
    itself). Two one-character tests spare most lines the substitution, which scans the
    whole line (a line ending in a full stop is the common case).
    """
    return _DECORATION_CHAR.match(text) is not None or _DECORATION_CHAR.match(text, len(text) - 1) is not None


def undecided(blocks: Sequence[Block]) -> list[Block]:
    """The blocks no rule decided, as the classifier should see them.

    A line a rule removed is as if it were not there: it must not drag its neighbours'
    scores down, so inserting chrome between paragraphs cannot change what else is kept.
    Positions are renumbered over these blocks for the same reason.
    """
    open_blocks = [b for b in blocks if not b.locked]
    last = max(1, len(open_blocks) - 1)
    for i, block in enumerate(open_blocks):
        block.features.position = i / last
    return open_blocks


def _prose_shaped(block: Block) -> bool:
    f = block.features
    return f.words >= _PROSE_WORDS and f.ends_with_punct and (f.stopword_density >= _PROSE_STOPWORDS or _UNSPACED_TEXT.search(block.text) is not None)


_PROSE_WORDS = 12
"""Words from which a punctuated block with stopwords reads as a paragraph of prose."""
_PROSE_STOPWORDS = 0.2
"""Stopword density of running prose (the broad stopwords-iso lists give ~0.35-0.6 on prose)."""
_UNSPACED_TEXT = lazy_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]{8}")


def keep_prose_runs(blocks: Sequence[Block]) -> None:
    """A paragraph of prose right next to a body paragraph of prose is body too.

    The classifier may drop the last paragraph of a short article, or one that sits beside a
    removed line; an unbroken run of prose is one text, so it is kept or dropped as a whole
    once any of it is body. Runs end at any block that is not prose (a byline, a "Reply"
    button, a comment header), which keeps comment threads out.
    """
    prose = [_prose_shaped(b) for b in blocks]
    for order in (range(len(blocks)), range(len(blocks) - 1, -1, -1)):
        previous: Block | None = None
        for i in order:
            block = blocks[i]
            if (
                prose[i]
                and block.label is Label.CHROME
                and block.reason != _THREAD  # a comment is no paragraph of the article's
                and previous is not None
                and previous.label is Label.BODY
            ):
                block.decide(Label.BODY, "", "density.prose-run")
            previous = block if prose[i] else None


def keep_lone_prose(blocks: Sequence[Block]) -> None:
    """A page with no body at all keeps its prose: plain text in, never nothing out.

    A page that is one long line, or a short fragment of sentences with nothing around them,
    gives the classifier no context; its sentences are the content.
    """
    if any(b.label is Label.BODY for b in blocks):
        return
    for block in blocks:
        f = block.features
        if block.label is Label.CHROME and f.words >= 3 and f.ends_with_punct and (f.stopword_density > 0 or _UNSPACED_TEXT.search(block.text)):
            block.decide(Label.BODY, "", "density.lone-prose")


def drop_joined_items(blocks: Sequence[Block], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """A block of short lines joined together is a list of items, not a paragraph.

    A page with more lines than :func:`boilerstrip.text.block_limit` allows has its short
    lines joined into blocks (with their line breaks) so that its memory stays in proportion
    to its size. One line of a few words is kept only when the classifier is sure of it; the
    joined block reads like prose to the classifier, so it is judged by its lines instead: when
    they average fewer than ``_SHORT_WORDS`` words, the block goes.
    """
    for block in blocks:
        if (
            block.label is Label.BODY
            and not block.locked
            and "\n" in block.text
            and block.features.words < _SHORT_WORDS * (block.text.count("\n") + 1)
        ):
            block.decide(Label.CHROME, _kind(block, thresholds), "density.short-lines")


_SHORT_WORDS = 4
"""Words below which a line is an item, not a sentence (as the classifier's short lines)."""


def cut_headed_boxes(blocks: Sequence[Block], seg: Segmented) -> list[int]:
    """On an article or a product page (:data:`BOXED_TYPES`), a box that opens with a heading a
    rule removed as related content ("More from Local News", "Related stories", a shop's
    "Customers who bought this item also bought") holds what the heading announces: the rest
    of the box goes with it (kind ``related``, rule ``page.headed-box``); so does a box under a
    heading that announces an author's bio ("About the author", :data:`_BIO_HEADING`), the
    heading with it (kind ``author-bio``). Returns the indices of the box's blocks.

    The heading is a heading element (``h1``-``h6``); its box is the largest element whose
    first block it is, so a sub-heading among the story's paragraphs has no box of its own; a
    heading alone in its box announces the next element beside it (a page builder sets each
    heading in a widget of its own, the list it heads in the next), or, when loose text
    follows it in its container (an older layout's box of links in the story's table cell),
    that text up to the next heading. A box that would hold half the page's body words or
    more is left alone: the heading is then the page's, not a box's. (On a hub page, "Latest
    news" over a box of stories is the content: the caller asks only of :data:`BOXED_TYPES`.)
    """
    owner, parent, end = seg.owner, seg.parent, seg.end
    body_words = sum(b.features.words for b in blocks if b.label is Label.BODY)
    out: list[int] = []
    n, i = len(blocks), 0
    while i < n:
        heading = blocks[i]
        if not heading.heading:
            i += 1
            continue
        if heading.locked and heading.kind == "related":
            kind = "related"
        elif not heading.locked and heading.label is Label.BODY and _BIO_HEADING.fullmatch(heading.text.strip(_HEADING_MARKS)):
            kind = "author-bio"
        else:
            i += 1
            continue
        # climb while the container above starts with the heading (holds no earlier block)
        box, before = owner[i], owner[i - 1] if i else -1
        while parent[box] > 0 and not parent[box] <= before <= end[parent[box]]:
            box = parent[box]
        j = i + 1
        while j < n and box <= owner[j] <= end[box]:
            j += 1
        up = parent[box]
        if j == i + 1 and j < n and owner[j] == up:
            # the heading alone in its box, loose text after it in its container (an older
            # layout's box: "<h3>More news</h3><a>...</a><br>..." in the story's cell): what it
            # announces runs to the next heading or the container's end
            while j < n and up <= owner[j] <= end[up] and not blocks[j].heading:
                j += 1
        elif j == i + 1 and end[box] < end[up]:
            # the heading alone in its box (a page builder's heading widget): what it announces
            # is the box beside it, the next container of the same parent
            beside = end[box] + 1
            while j < n and beside <= owner[j] <= end[beside]:
                j += 1
        inside = range(i + 1, j)
        if 2 * sum(blocks[k].features.words for k in inside if blocks[k].label is Label.BODY) < body_words:
            if kind == "author-bio":
                heading.decide(Label.CHROME, kind, "page.headed-box")
                out.append(i)
            for k in inside:
                block = blocks[k]
                if block.label is Label.BODY and not block.locked:
                    block.decide(Label.CHROME, kind, "page.headed-box")
                if block.label is Label.CHROME and not block.locked:
                    out.append(k)
        i = j
    return out


_BIO_HEADING = lazy_regex(
    r"(?:(?:about|meet) the (?:authors?|writers?|reviewers?|contributors?)|(?:authors?|writer|contributor)(?:'s|’s)? (?:bio|biography|profile)"
    r"|(?:über|zum) (?:den |die )?(?:autor|autorin|autoren)|(?:à propos|a propos) de l['’]auteur|sobre (?:el autor|la autora|o autor|a autora)"
    r"|sull['’]autore|over de (?:auteur|schrijver)|o autorze|об авторе|关于作者|作者简介)",
    regex.IGNORECASE,
)
"""A heading that announces an author's (or a reviewer's) bio: "About the author"."""
_HEADING_MARKS = " \t:.·•|-–—»›"


def cut_bio_boxes(blocks: Sequence[Block], seg: Segmented, inherited: Sequence[int]) -> list[int]:
    """On an article, the blocks inside a container whose class or id says ``bio`` are a
    person's bio: the author's, under or beside the story (kind ``author-bio``, rule
    ``page.author-bio``). Bios that would hold half the page's body words or more are left
    alone (a page of them is a team page, whatever the page-type model says). Returns the
    indices of the blocks it removed. ``inherited`` is each container's flags with its
    ancestors' (:attr:`~boilerstrip.dom.describe.Containers.inherited`)."""
    owner = seg.owner
    inside = [i for i, c in enumerate(owner) if inherited[c] & F_BIO and not blocks[i].locked]
    body = [i for i in inside if blocks[i].label is Label.BODY]
    if 2 * sum(blocks[i].features.words for i in body) >= sum(b.features.words for b in blocks if b.label is Label.BODY):
        return []
    for i in body:
        blocks[i].decide(Label.CHROME, "author-bio", "page.author-bio")
    return [i for i in inside if blocks[i].label is Label.CHROME]


def cut_ticker(blocks: Sequence[Block]) -> list[int]:
    """A news ticker goes: three or more blocks in a row, each a time and a headline ("14:48
    Storm closes schools across the county", "10:05 am - Council opens session"), short and
    not ending as a sentence does. They are other stories' headlines (kind ``related``, rule
    ``page.ticker``); a live blog's entries, timed too, are sentences between which its
    prose stands. Returns the indices of the blocks it removed."""
    out: list[int] = []
    run: list[int] = []
    for i, block in enumerate([*blocks, None]):
        if (
            block is not None
            and block.features.words <= _TICKER_WORDS
            and _TIMED_HEADLINE.match(block.text)
            and not block.text.rstrip().endswith((".", "!", ":", ";", ","))
        ):
            run.append(i)
            continue
        if len(run) >= _TICKER_RUN:
            for k in run:
                if blocks[k].label in (Label.BODY, Label.CHROME) and not blocks[k].locked:
                    blocks[k].decide(Label.CHROME, "related", "page.ticker")
                    out.append(k)
        run = []
    return out


# A time, then a word: "14:48 Storm closes schools", "10:05 am - Council opens session" (not
# a log's "6:58:36 AM: Deploy site"). The headline must not end as a sentence does either.
_TIMED_HEADLINE = lazy_regex(
    r"^\s*(?:\d{1,2}:\d{2}(?!:?\d)(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?)(?:\s*[-–—|•·]\s*|\s+)\p{L}",
    regex.IGNORECASE,
)
_TICKER_RUN = 3
_TICKER_WORDS = 20


BOXED_TYPES = frozenset({"article", "product"})
"""The page types whose boxes under a related heading and author's bios are cut
(:func:`cut_headed_boxes`, :func:`cut_bio_boxes`): on a hub, a listing or a manual, "Latest news"
or "See also" over a box of links is the content."""

_THREAD = "page.comment-thread"


def cut_comment_thread(blocks: Sequence[Block]) -> range:
    """Under an article, the comment thread goes: from its first comment header on. Returns
    the indices of the thread's blocks (none when there is no thread).

    A comment header is a line that only names who speaks and when ("Jane Doe says:", "Jane
    Doe says", "Jane Doe on May 4, 2024 at 4:19 pm said:", "jdoe wrote:", "Jane Doe September
    11, 2008 at 2:06 PM"), or opens the comment's own block ("jdoe wrote on April 1, 2009: I
    think..."). When two or more follow the article's comment-section heading (a
    line a ``comments.*`` rule removed that speaks of comments: "42 Comments", "Leave a
    comment"), the body from the first of them on is the thread, however short the article
    above it: a headline, a by-line and one sentence are an article. A page with no sentence
    of its own above the thread (a link shared for discussion) keeps it, as does a forum
    page, which has no such heading above its posts.
    """
    heading = next((i for i, b in enumerate(blocks) if b.reason.startswith("comments.") and _COMMENTS_WORD.search(b.text)), None)
    if heading is None:
        return range(0)
    marks = [
        i for i in range(heading + 1, len(blocks))
        if (
            blocks[i].features.words <= _HEADER_MAX_WORDS
            and (_COMMENT_HEADER.match(blocks[i].text) or _COMMENT_SIGNATURE.match(blocks[i].text))
        )
        or _COMMENT_LEAD.match(blocks[i].text)
    ]
    if len(marks) < 2:
        return range(0)
    start = marks[0]
    if _COMMENT_SIGNATURE.match(blocks[start].text):
        # signatures may follow their comments: the first comment then lies between the
        # heading and the first signature, unless that stretch is longer than two of the
        # longest comment (the heading was a link at the top of the article, the article below)
        def words(a: int, b: int) -> int:
            return sum(block.features.words for block in blocks[a:b] if block.label is Label.BODY)

        if words(heading + 1, start) <= 2 * max(words(a + 1, b) for a, b in zip(marks, marks[1:])):
            start = heading + 1
    if not any(b.label is Label.BODY and b.features.words >= _SENTENCE_WORDS and b.features.ends_with_punct for b in blocks[:start]):
        return range(0)  # no article of its own above the thread (a post that is only a title and a link)
    for block in blocks[start:]:
        if block.label in (Label.BODY, Label.CHROME) and not block.locked:
            block.decide(Label.CHROME, "comments", _THREAD)
    return range(start, len(blocks))


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}"
# up to five capitalised words ("Jane Doe", "Ana de la Cruz")
_NAMES = r"(?-i:\p{Lu}[^\s\d.!?:,]*(?:\s(?:\p{Lu}[^\s\d.!?:,]*|[+&]|de|la|van|von|da|di|del|der|le)){1,4})"
# "Jane Doe says:", "Jane Doe on May 4, 2024 at 4:19 pm said:", "3 hours ago, jdoe said:",
# "jdoe wrote:", "jdoe wrote at 9:10 AM:" and their German, French, Spanish, Italian and
# Portuguese forms.
_COMMENT_HEADER = lazy_regex(
    r"^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?[^.!?]{1,80}?\s(?:says|said|wrote|replied|sagt|schrieb|dit|a écrit|dice|dijo|escribió|scrive|ha scritto|disse|escreveu)\s*:\s*$"
    r"|^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?[^.!?]{1,60}?\s(?:on|am|le|el|il|em)\s[^.!?]{4,40}\d[^.!?]{0,20}\s(?:says|said|wrote|sagt|schrieb|dit|dice|dijo|disse)\s*:?\s*$"
    # "Jane Doe wrote on April 1, 2009:", "jdoe said on 01.04.2009 at 14:06"
    r"|^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?[^.!?]{1,60}?\s(?:says|said|wrote|replied|sagt|schrieb|dit|dice|dijo|disse)\s(?:on|am|le|el|il|em)\s(?:[^.!?]|\.(?=\d)){4,40}\d(?:[^.!?]|\.(?=\d)){0,20}?\s*:?\s*$"
    # "jdoe wrote at 9:10 AM:", "Jane Doe said at 14:06 on 4 May 2009" (an older news site's)
    r"|^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?[^.!?]{1,60}?\s(?:says|said|wrote|writes|sagt|schrieb|dit|dice|dijo|disse)\s(?:at|um|à|a las|alle|às)\s\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?m\.?)?(?:,?\s(?:on\s)?[^.!?]{4,30})?\s*:?\s*$"
    # "Jane Doe says" (no colon): a handle, or a name of capitalised words
    r"|^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?(?:[^\s.!?:,]+|" + _NAMES + r")\s(?:says|sagt|dit|dice|disse)\s*$"
    # "Jane Doe September 11, 2008 at 2:06 PM", "jdoe on 11/09/2008 14:06": a name (a handle
    # without digits, or capitalised words; not a dateline's or an answer's verb, nor a word
    # of comments and replies: "CommentAug 14, 2025" is a counter's label) and when
    # (a converter may glue them: "AmySeptember 11, 2008")
    r"|^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?(?!(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|by|von|par|por|di|on|last|date|active)\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day|posted|updated|published|modified|edited|answered|asked|comment|repl|respons|joined|created|viewed|reviewed|submitted|written)"
    r"(?:[^\s\d.!?:,]+?|" + _NAMES + r")\s?(?:on\s)?"
    r"(?:" + _MONTH + r"\.?\s\d{1,2},?\s\d{4}|\d{1,2}\.?\s" + _MONTH + r"\.?,?\s\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:,?\s(?:at\s)?\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?)?\s*$",
    regex.IGNORECASE,
)
# A comment whose header and text share a block, as an older site prints them ("<b>jdoe</b>
# wrote on April 1, 2009:<br>I think..."): up to four words of who (no pronoun, no "the
# mayor"), a verb, when (with a digit) and a colon, then the comment. Without the when, "Jo
# said: ..." would do; a page also needs two of them under a comment heading to lose them.
_COMMENT_LEAD = lazy_regex(
    r"^(?:[*•·\-–]\s+|\d{1,4}[.)]\s+)?(?!(?:he|she|they|i|we|you|it|the|a|an|this|that)\s)[^\s!?:]+(?:\s[^\s!?:]+){0,3}\s(?:says|said|wrote|replied|writes|sagt|schrieb|dit|a écrit|dice|dijo|escribió|scrive|ha scritto|disse|escreveu)"
    r"\s(?:on|at|am|um|le|el|il|em|à|a las|alle|às)\s(?=[^:]{0,30}\d)(?:[^.!?:]|[.:](?=\d)){4,40}:\s+\S",
    regex.IGNORECASE,
)
# A comment's signature: "Posted by: jdoe | April 3, 2009 3:05 PM", "Submitted by jdoe on
# Tue, 04/03/2009 - 15:05", "Comment by Jane Doe at 3:05 pm": who, then when (a digit).
_COMMENT_SIGNATURE = lazy_regex(
    r"^(?:posted|submitted|written|comment(?:ed)?|reply)\s+by\s*:?\s+[^|•·!?]{1,60}?(?:\s*[|•·,–—-]\s*|\s(?:on|at)\s)[^.!?]{0,30}\d[^!?]{0,40}$",
    regex.IGNORECASE,
)
# A comment section's heading speaks of comments, responses, reactions or thoughts (not
# "Reply"), or asks the readers ("Have your say", "What readers say").
_COMMENTS_WORD = lazy_regex(
    r"comment|respons|reaction|thoughts? on|have your say|readers? say|kommentar|commentaire|comentario|commento|comentário|reactie|komentarz|коммент|评论",
    regex.IGNORECASE,
)
_HEADER_MAX_WORDS = 16
_SENTENCE_WORDS = 8
"""Words of the shortest line that counts as a sentence of the article above a thread."""


def lean_on_articles(blocks: Sequence[Block], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """On an article, drop the body blocks the classifier kept with little confidence.

    When most of the kept words stand in long paragraphs (at least ``_ARTICLE_LONG_SHARE`` of
    them in blocks of ``_ARTICLE_LONG_WORDS`` words or more), the page is an article: its text
    is the long paragraphs, and a short block kept only by its neighbours' weight (a teaser,
    a promo line, a list of links in the text's stead) is more often chrome than content. Such
    blocks need a score of ``0.5 + _ARTICLE_LEAN`` to stay. Listings, threads and product
    pages, whose content is short blocks, are left as the classifier decided.
    """
    body = [b for b in blocks if b.label is Label.BODY]
    total = sum(b.features.words for b in body)
    if not total:
        return
    long_words = sum(b.features.words for b in body if b.features.words >= _ARTICLE_LONG_WORDS)
    if long_words < _ARTICLE_LONG_SHARE * total:
        return
    cut = 0.5 + thresholds.bias + _ARTICLE_LEAN
    for block in body:
        short = block.features.words < _ARTICLE_LONG_WORDS  # the long paragraphs are the article
        if short and not block.locked and block.reason in _CLASSIFIER_KEPT and block.score < cut:
            block.decide(Label.CHROME, _kind(block, thresholds), "density.article-lean")
    keep_prose_runs(blocks)  # a paragraph of prose beside the body stays, as ever


_ARTICLE_LONG_WORDS = 30
_ARTICLE_LONG_SHARE = 0.4
_ARTICLE_LEAN = 0.06
_CLASSIFIER_KEPT = frozenset({"density.prose", "density.context-kept"})


def build_article(
    blocks: Sequence[Block],
    fields: Fields,
    warnings: Sequence[str] = (),
    *,
    page_type: str | None = None,
    segmented: Segmented | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article:
    """The Article of the labelled blocks and the picked fields.

    Its typed blocks come from the same kept blocks as its paragraphs, typed by the
    container tree of an HTML page (``segmented``) or by the lines of a text page (``source``,
    the text before normalisation); ``url`` resolves relative link and image addresses.
    """
    paragraphs = tuple(b.text for b in blocks if b.label is Label.BODY)
    if segmented is not None:
        typed = html_structure(blocks, segmented, url=url)
    else:
        typed = text_structure(blocks, source, headline=fields.headline)
    removed = tuple(Removed(b.text, b.kind or "boilerplate", b.reason) for b in blocks if b.label is Label.CHROME)
    return Article(
        paragraphs=paragraphs,
        headline=fields.headline,
        timestamp=fields.timestamp,
        timestamp_text=fields.timestamp_text,
        captions=tuple(fields.captions),
        removed=removed,
        author=fields.author,
        updated=fields.updated,
        updated_text=fields.updated_text,
        warnings=tuple(warnings),
        page_type=page_type,
        blocks=typed,
    )


def _prepare(text: str, language: str | None = None) -> tuple[list[Block], str]:
    """Text -> blocks with numbers and the default rules' decisions; for the model-fitting script."""
    blocks = text_to_blocks(normalise(text))
    lang = page_language(blocks, language)
    measure(blocks, lang)
    apply_rules(blocks, _DEFAULT.rules.compile(language=lang))
    return blocks, lang


def html_evidence(
    cleaner: Cleaner, page: str | bytes, *, url: str | None = None, article: bool = False
) -> tuple[Segmented, list[list[float]], list[float], list[float], bool]:
    """HTML -> the segmented page (its blocks with the selection's and the rules' decisions),
    their feature rows (the page-type columns at 0), the page's signals, its signals
    without any address (no URL given, none stated by the page), and whether its metadata
    calls it an article; for the model-fitting script. ``article``: the blocks as selected
    again when the page-type model reads a page its metadata does not call an article as
    one (:func:`reads_as_article`; the signals are the first selection's, as at run time)."""
    url = check_url(url) if url is not None else None
    text = decode_page(_check_type(page)[0], max_bytes=cleaner.max_bytes)
    matcher = cleaner.rules.compile(url=url)
    parsed = parse_html(text, url=url, include_comments=cleaner.include_comments, selector_rules=matcher.selector_rules)
    blocks = parsed.blocks
    measure(blocks, page_language(blocks, parsed.meta.language))
    apply_rules(blocks, matcher)
    assert parsed.segmented is not None
    seg, meta = parsed.segmented, parsed.meta
    signals = page_signals(seg, meta, url), page_signals(seg, meta, None)
    if article and not says_article(meta):
        select_as_article(seg, meta, cleaner.include_comments)
    rows = describe(seg, meta, [0.0] * len(PAGE_TYPES))
    return seg, rows, *signals, says_article(meta)
