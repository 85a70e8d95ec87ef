"""TEMPORARY stub: replaced by the real pipeline."""
from __future__ import annotations
from .article import Article

class Cleaner:
    def clean(self, page, **kw):
        if isinstance(page, bytes):
            page = page.decode("utf-8", "replace")
        paras = tuple(p.strip() for p in page.split("\n\n") if len(p.split()) > 8)
        return Article(paragraphs=paras)

def clean(page, **kw):
    return Cleaner().clean(page, **kw)
