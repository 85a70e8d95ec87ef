"""No code execution, no network, no file reads.

- A rule file is data: TOML values that look like Python, YAML tags or pickle payloads stay
  strings; nothing is evaluated, compiled, unpickled or run while rules load and pages clean.
- Cleaning a page never resolves an external resource: no DTD, no external entity, no
  XInclude, no ``<img>``/``<link>``/``<script>``/``<iframe>`` fetch, with lxml's parser and with
  the fallback builder used for pages nested too deep for libxml2.

Two kinds of evidence for the second point, because libxml2 does its own I/O in C, out of
reach of Python-level patches:

- network: ``socket`` is patched to fail loudly (Python-level), and every URL on the page
  points to a socket this test listens on, which must see no connection (C-level too);
- files: every file reference on the page points to a named pipe (FIFO). Opening a FIFO for
  reading blocks until a writer comes, so a watcher thread can tell, from outside, whether
  anything opened it, whatever the language of the code that did. A positive control (lxml's
  XML parser told to load DTDs) shows the watcher sees a real read.
"""

from __future__ import annotations

import builtins
import marshal
import os
import pickle
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lxml import etree

from boilerstrip import RuleError, clean, load_rules
from boilerstrip.rules import Rule, RuleSet
from boilerstrip.rules.loader import builtin_rules

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    ROOT / "fixtures" / "articles" / "en-coffee-health.txt"
).read_text(encoding="utf-8").split("\n\n")[1].strip()  # a real paragraph (see SOURCES.md there)

T = TypeVar("T")


class Forbidden(AssertionError):
    """Raised by a patched function that the library must never call."""


# --- rule files are data ----------------------------------------------------------------------

# Values a careless loader might evaluate: Python expressions, a YAML object tag, a
# protocol-0 pickle that runs os.system, a format-string attribute walk.
PAYLOAD_RULES = r"""
description = "__import__('os').system('touch pwned-by-description')"

[[rules]]
id = "evil.python-looking"
kind = "promo"
action = "remove"
anchor = "whole"
pattern = '''__import__\('os'\)\.system\('touch pwned'\)'''
description = "eval(compile('open(\"pwned\", \"w\")', '<rule>', 'exec'))"
examples = ["__import__('os').system('touch pwned')"]
counterexamples = ["{0.__class__.__mro__[1].__subclasses__()}"]

[[rules]]
id = "evil.pickle-looking"
kind = "promo"
pattern = "cos\\nsystem\\n\\(S'touch pwned-by-pickle'\\ntR\\."
description = "!!python/object/apply:os.system ['touch pwned-by-yaml']"
counterexamples = ["${jndi:ldap://127.0.0.1/a}"]
"""


_CODE_RUNNERS = [
    (builtins, "eval"), (builtins, "exec"), (builtins, "compile"),
    (pickle, "loads"), (pickle, "load"), (marshal, "loads"), (marshal, "load"),
    (os, "system"), (os, "popen"), (os, "execv"), (os, "execve"), (os, "posix_spawn"),
    (subprocess, "Popen"), (subprocess, "run"),
]
_NETWORK = [
    (socket.socket, "connect"), (socket.socket, "connect_ex"), (socket.socket, "sendto"),
    (socket, "create_connection"), (socket, "getaddrinfo"), (socket, "gethostbyname"),
]


@contextmanager
def forbidden(targets: list[tuple[Any, str]]) -> Iterator[list[str]]:
    """Within the block, each ``owner.name`` raises :class:`Forbidden`; calls are recorded.

    A context manager rather than a fixture: pytest itself compiles code while it reports a
    failure, so the patches must be gone by then.
    """
    calls: list[str] = []
    saved: list[tuple[Any, str, Any]] = []

    def forbid(label: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            calls.append(label)
            raise Forbidden(f"{label} called")
        return refuse

    for owner, name in targets:
        if hasattr(owner, name):
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, forbid(f"{getattr(owner, '__name__', owner)}.{name}"))
    try:
        yield calls
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def _payload_page() -> str:
    return (
        "<html><body><article><h1>A day at the council</h1>"
        f"<p>{PARAGRAPH}</p>"
        "<p>__import__('os').system('touch pwned')</p>"
        "</article></body></html>"
    )


def test_rule_file_values_are_only_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # any "touch pwned" would land here
    path = tmp_path / "evil.toml"
    path.write_text(PAYLOAD_RULES, encoding="utf-8")
    with forbidden(_CODE_RUNNERS) as calls:
        with pytest.raises(Forbidden):
            eval("1")  # the guard is really in place
        calls.clear()
        rules = load_rules(path)
        result = clean(_payload_page(), rules=rules, url="https://news.example/a")

    assert calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.toml"]
    python_looking = rules.get("evil.python-looking")
    assert python_looking is not None
    assert python_looking.description == "eval(compile('open(\"pwned\", \"w\")', '<rule>', 'exec'))"
    assert python_looking.examples == ("__import__('os').system('touch pwned')",)
    # The pattern is a regex over text and nothing more: it removes the line that spells the call.
    assert PARAGRAPH in result.paragraphs
    assert ("__import__('os').system('touch pwned')", "evil.python-looking") in [(r.text, r.rule) for r in result.removed]


def test_builtin_rule_files_load_without_running_code() -> None:
    # The text model's trees are compiled into a function once per process, from numbers
    # only (tests/test_density.py shows a model file cannot smuggle code in): load it first,
    # so that what is watched here is the rule files alone.
    clean(PARAGRAPH)
    with forbidden(_CODE_RUNNERS) as calls:
        fresh = builtin_rules.__wrapped__()  # read and parse the shipped TOML files again
        result = clean(f"Share this article\n\n{PARAGRAPH}", rules=fresh, default_rules=False)
    assert calls == []
    assert len(fresh) >= 20
    assert result.paragraphs == (PARAGRAPH,)


@pytest.mark.parametrize(
    "toml",
    [
        '"!!python/object/apply:os.system" = ["touch pwned"]\n[[rules]]\nid = "a.b"\nkind = "promo"\npattern = "x"\n',
        '[[rules]]\nid = "a.b"\nkind = "promo"\npattern = "x"\n__reduce__ = ["os.system", "touch pwned"]\n',
        '[[rules]]\nid = "a.b"\nkind = "promo"\npattern = "x"\n"__class__" = "subprocess.Popen"\n',
    ],
    ids=["yaml-tag-key", "reduce-key", "class-key"],
)
def test_object_hook_keys_are_rejected_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "hook.toml"
    path.write_text(toml, encoding="utf-8")
    with forbidden(_CODE_RUNNERS) as calls:
        with pytest.raises(RuleError, match="unknown"):
            load_rules(path)
    assert calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hook.toml"]


# --- watchers: files and sockets --------------------------------------------------------------


def run_watching_fifo(fifo: Path, fn: Callable[[], T], limit: float = 60.0) -> tuple[bool, T]:
    """Run ``fn`` in a thread; True if anything opened ``fifo`` for reading meanwhile.

    A reader's ``open()`` blocks until a writer appears, and a non-blocking writer's open
    fails (ENXIO) while there is no reader: polling the writer side sees every reader. The
    watcher then feeds the reader a harmless entity declaration and closes, so it never hangs.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    opened = False
    deadline = time.monotonic() + limit
    while worker.is_alive() and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            worker.join(0.002)
            continue
        opened = True
        try:
            os.write(fd, b'<!ENTITY ext "READ-FROM-FIFO">')
        except OSError:
            pass
        os.close(fd)
    worker.join(5)
    assert not worker.is_alive(), "the call did not finish"
    if "error" in box:
        raise box["error"]
    return opened, box["value"]


@pytest.fixture()
def fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX-only")
    monkeypatch.chdir(tmp_path)  # relative references resolve here
    path = tmp_path / "external.dtd"
    os.mkfifo(path)
    return path


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    """How many connections are waiting on ``server`` (accepting and closing them)."""
    count = 0
    while True:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def test_the_watchers_see_a_real_read_and_a_real_connection(fifo: Path, listener: socket.socket) -> None:
    # Positive controls: without them a watcher that sees nothing would prove nothing.
    xml = f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{fifo}"><r>&ext;</r>'.encode()
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True)
    opened, text = run_watching_fifo(fifo, lambda: etree.tostring(etree.fromstring(xml, parser)))
    assert opened and b"READ-FROM-FIFO" in text
    port = listener.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=5).close()
    time.sleep(0.05)
    assert connections(listener) == 1


# --- pages full of external references --------------------------------------------------------


def _hostile_page(fifo: Path, port: int, *, deep: bool = False) -> str:
    """A page referencing the FIFO and the listener in every way HTML and XML allow."""
    http = f"http://127.0.0.1:{port}"
    local = [str(fifo), fifo.as_uri(), fifo.name]
    refs_file = "".join(
        f'<img src="{ref}"><link rel="stylesheet" href="{ref}"><script src="{ref}"></script>'
        f'<iframe src="{ref}"></iframe><object data="{ref}"></object><embed src="{ref}">'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{ref}" parse="text"/>'
        for ref in local
    )
    refs_http = (
        f'<img src="{http}/a.png" srcset="{http}/b.png 2x"><link rel="preload" href="{http}/c.css">'
        f'<script src="{http}/d.js"></script><iframe src="{http}/e.html"></iframe>'
        f'<video poster="{http}/f.jpg"><source src="{http}/g.mp4"></video>'
        f'<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="{http}/h.svg"/></svg>'
        f'<style>@import url("{http}/i.css"); body {{ background: url({http}/j.png) }}</style>'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{http}/k.xml"/>'
    )
    start, end = ("<div>" * 3000, "</div>" * 3000) if deep else ("", "")
    return (
        f'<?xml version="1.0"?>\n'
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{fifo.as_uri()}" [\n'
        f'  <!ENTITY ext SYSTEM "{fifo}">\n  <!ENTITY net SYSTEM "{http}/entity.xml">\n'
        f'  <!ENTITY % pe SYSTEM "{http}/pe.dtd"> %pe;\n]>\n'
        f'<html><head><base href="{http}/"><meta http-equiv="refresh" content="0; url={http}/m">'
        f'<link rel="stylesheet" href="{http}/n.css"><title>&ext; &net;</title></head>'
        f"<body>{start}<article><h1>Hostile page &ext;</h1><p>{PARAGRAPH}</p><p>&net; &ext;</p>"
        f"</article>{refs_file}{refs_http}{end}</body></html>"
    )


@pytest.mark.parametrize("deep", [False, True], ids=["lxml", "fallback-builder"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_cleaning_resolves_no_external_resource(fifo: Path, listener: socket.socket, deep: bool, as_bytes: bool) -> None:
    port = listener.getsockname()[1]
    page = _hostile_page(fifo, port, deep=deep)
    url = f"http://127.0.0.1:{port}/story"
    with forbidden(_NETWORK) as calls:
        with pytest.raises(Forbidden):
            socket.create_connection(("127.0.0.1", port))  # the Python-level guard is in place
        calls.clear()
        opened, result = run_watching_fifo(fifo, lambda: clean(page.encode("utf-8") if as_bytes else page, url=url))

    assert not opened, "a file referenced by the page was opened"
    assert calls == []
    time.sleep(0.05)
    assert connections(listener) == 0, "a URL on the page was fetched"
    assert "READ-FROM-FIFO" not in repr(result.to_dict())
    assert PARAGRAPH in result.body


def test_html_front_end_alone_resolves_nothing(fifo: Path, listener: socket.socket) -> None:
    """The same through the HTML front-end directly (parse_html), past every cache of clean()."""
    from boilerstrip.html import parse_html

    port = listener.getsockname()[1]
    with forbidden(_NETWORK) as calls:
        opened, page = run_watching_fifo(fifo, lambda: parse_html(_hostile_page(fifo, port)))
    assert not opened and calls == []
    assert connections(listener) == 0
    assert any(PARAGRAPH == b.text for b in page.blocks)


# --- rules cannot reach files either ----------------------------------------------------------


@pytest.mark.parametrize(
    "xpath",
    ["//p[document('{path}')]", "//p[contains(., unparsed-text('{path}'))]", "//*[name() = document('{uri}')//x]"],
    ids=["document", "unparsed-text", "document-uri"],
)
def test_xpath_rules_cannot_read_files(fifo: Path, xpath: str) -> None:
    rule = Rule(id="user.reads-file", kind="promo", xpath=xpath.format(path=fifo, uri=fifo.as_uri()))
    page = f"<html><body><article><h1>Files</h1><p>{PARAGRAPH}</p></article></body></html>"
    with forbidden(_CODE_RUNNERS) as calls:
        opened, result = run_watching_fifo(fifo, lambda: clean(page, rules=RuleSet([rule])))
    assert not opened
    assert calls == []
    assert PARAGRAPH in result.paragraphs
    assert any("user.reads-file" in w for w in result.warnings)  # the failing rule is named
