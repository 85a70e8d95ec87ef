"""One page's blocks as a self-contained HTML report: what was kept, what was removed and why.

:func:`explain_html` turns what :meth:`boilerstrip.Cleaner.explain` returns into a single HTML
document with no outside resources (inline CSS, no scripts), for a rule author to open in a
browser instead of reading the explain table:

- the fields on top (headline, timestamp, update, author, page type, captions, warnings);
- every block in page order: the body as kept, each removed block shaded by its kind, the
  fields' blocks marked with their field's name;
- on hover (the ``title`` of each block), the decision, the rule id or the model decision
  that made it, the kind and the model's probability;
- a legend of the kinds with how many words of each were removed.

>>> from boilerstrip import Cleaner
>>> article, blocks = Cleaner().explain("Like Us on Facebook\\n\\n" + "The council met and agreed the budget for the town's schools. " * 3)
>>> page = explain_html(article, blocks, title="council.txt")
>>> page.startswith("<!DOCTYPE html>") and 'title="removed: social' in page
True
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from html import escape

from .article import Article
from .blocks import Block, Label

__all__ = ["explain_html"]

_PALETTE = (
    "#f6c6c6", "#f9dfb5", "#f3f0a8", "#cdeeb8", "#b9e6e0", "#c2d8f5", "#d9c9f2", "#f2c7e6",
    "#e4d3c3", "#d5d5d5", "#f7d2b0", "#c9e3f0",
)
"""Shades for the kinds of removed text (a kind always gets the same one)."""

_FIELDS = {
    Label.HEADLINE: "headline",
    Label.TIMESTAMP: "timestamp",
    Label.CAPTION: "caption",
    Label.BYLINE: "byline",
}

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #222; background: #fff; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1.5rem; }
header { border-bottom: 1px solid #ccc; }
h1 { font-size: 1.2rem; margin: 0.6rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
dt { font-weight: 600; color: #555; }
dd { margin: 0; }
.legend span { display: inline-block; padding: 0 0.4rem; margin: 0.1rem 0.2rem 0.1rem 0; border-radius: 3px; }
.block { padding: 0.25rem 0.5rem; margin: 0.2rem 0; border-left: 4px solid transparent; white-space: pre-wrap; }
.body { border-left-color: #3a7d44; }
.removed { color: #555; font-size: 0.9rem; }
.field { border-left-color: #1f5fa8; background: #eef4fc; }
.badge { font: 600 0.7rem/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.04em;
         padding: 0.15rem 0.3rem; margin-right: 0.4rem; border-radius: 3px; background: #1f5fa8; color: #fff; }
.removed .badge { background: #777; }
.warning { color: #8a4b00; }
"""


def _shade(kind: str) -> str:
    """The kind's shade: the same kind gets the same colour in every report."""
    return _PALETTE[zlib.crc32(kind.encode("utf-8")) % len(_PALETTE)]


def _words(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"


def _kind_class(kind: str) -> str:
    return "k-" + "".join(c if c.isalnum() else "-" for c in kind.lower())


def _hover(block: Block) -> str:
    """The block's decision in words: what, by which rule or model decision, and the score."""
    reason = block.reason or "no rule"
    score = f"score {block.score:.2f}"
    if block.label is Label.CHROME:
        return f"removed: {block.kind or 'boilerplate'} · {reason} · {score} · {_words(block.features.words)}"
    if block.label in _FIELDS:
        return f"{_FIELDS[block.label]} · {reason} · {score}"
    return f"{'kept' if block.label is Label.BODY else block.label.value} · {reason} · {score}"


def _fields(article: Article) -> list[tuple[str, str]]:
    rows = [
        ("headline", article.headline),
        ("timestamp", article.timestamp.isoformat() if article.timestamp else article.timestamp_text),
        ("updated", article.updated.isoformat() if article.updated else article.updated_text),
        ("author", article.author),
        ("page type", article.page_type),
    ]
    out = [(name, value) for name, value in rows if value]
    out += [("caption", c.text + (f" (credit: {c.credit})" if c.credit else "")) for c in article.captions]
    return out


def explain_html(article: Article, blocks: Sequence[Block], *, title: str | None = None) -> str:
    """A self-contained HTML report of one cleaned page (see the module's description).

    ``article`` and ``blocks`` are what :meth:`boilerstrip.Cleaner.explain` returns; ``title``
    names the page in the report (a path or URL). Every text is escaped: the report shows the
    page's text, never its markup.
    """
    removed_words: Counter[str] = Counter()
    for block in blocks:
        if block.label is Label.CHROME:
            removed_words[block.kind or "boilerplate"] += block.features.words
    kinds = sorted(removed_words)
    kept = sum(b.features.words for b in blocks if b.label is Label.BODY)
    styles = "".join(f".{_kind_class(k)} {{ background: {_shade(k)}; }}\n" for k in kinds)

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>boilerstrip explain: {escape(title or 'page')}</title>",
        f"<style>{_CSS}{styles}</style></head><body>",
        "<header>",
        f"<h1>{escape(title or 'page')}</h1>",
        "<dl>",
    ]
    for name, value in _fields(article):
        out.append(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>")
    out.append(f"<dt>body</dt><dd>{_words(kept)} in {len(article.paragraphs)} paragraphs kept, "
               f"{_words(sum(removed_words.values()))} in {len(article.removed)} blocks removed</dd>")
    out.append("</dl>")
    for warning in article.warnings:
        out.append(f'<p class="warning">warning: {escape(warning)}</p>')
    if kinds:
        out.append('<p class="legend">removed, by kind: ')
        out.extend(f'<span class="{_kind_class(k)}">{escape(k)} ({_words(removed_words[k])})</span>' for k in kinds)
        out.append("</p>")
    out.append("</header><main>")
    for block in blocks:
        hover = escape(_hover(block))
        text = escape(block.text)
        if block.label is Label.CHROME:
            kind = block.kind or "boilerplate"
            out.append(f'<div class="block removed {_kind_class(kind)}" title="{hover}">'
                       f'<span class="badge">{escape(kind)}</span>{text}</div>')
        elif block.label in _FIELDS:
            out.append(f'<div class="block field" title="{hover}">'
                       f'<span class="badge">{_FIELDS[block.label]}</span>{text}</div>')
        elif block.label is Label.BODY:
            out.append(f'<div class="block body" title="{hover}">{text}</div>')
        else:
            out.append(f'<div class="block" title="{hover}">{text}</div>')
    out.append("</main><footer><p>score: the model's probability that the block is body (on HTML "
               "pages, blocks a rule or a field decided have 1 or 0). Hover over a block for its "
               "decision.</p></footer>")
    out.append("</body></html>\n")
    return "\n".join(out)
