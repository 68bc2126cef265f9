"""Collect the Python code blocks of documentation pages and run them in order.

A reader copies a page's code blocks one after the other into one session, so
the blocks of a page run in page order in one namespace (with ``__name__`` set
to ``"__main__"``, as in a script). Which blocks are Python:

- reStructuredText: literal blocks introduced by ``::`` (a paragraph ending in
  ``::`` or a lone ``::``), highlighted as Python unless a ``.. highlight::``
  directive chose another language; ``.. code-block::`` (``code``,
  ``sourcecode``) with the language ``python``, ``py``, ``python3``, ``py3``,
  ``pycon`` or none; ``.. testcode::`` and ``.. doctest::`` blocks; and
  doctest blocks (a paragraph that starts with ``>>>``). Blocks marked
  ``text``, ``bash``, ``console``, ``none`` or any other language are not run.
- Markdown: fenced blocks marked ``python`` (``py``, ``python3``, ``pycon``).

A block whose first line starts with ``>>>`` (or marked ``pycon``/``doctest``)
runs as a doctest, its output compared with what the page shows; any other
block runs as a script. A script block may promise figures the way the README
example does: every ``print(...)`` line that ends in a comment holding a
number (``print(round(score, 3))  # 0.931``) must print a line ending in that
number, and the block must print exactly those lines.

A block that needs an optional package or a GPU is preceded by a comment
``.. doctest-requires: name[, name]`` (Markdown: ``<!-- doctest-requires:
name -->``); ``name`` is an importable module or ``gpu`` (CuPy with a usable
CUDA device). Without it the block is not run, and :func:`run_blocks` returns
it so that the caller can say so.

Failures raise :class:`BlockError` naming the page and the block's line, with
the original exception chained; tracebacks point at the page's own lines.
"""

import contextlib
import doctest
import importlib
import io
import re
import sys
import textwrap
import types
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = {"python", "python3", "py", "py3", "default", "ipython", "ipython3"}
PYCON = {"pycon", "doctest"}
CODE_DIRECTIVES = {"code-block", "code", "sourcecode"}
# directives whose body is not reStructuredText: skipped whole
OPAQUE_DIRECTIVES = {"math", "raw", "literalinclude", "parsed-literal", "graphviz"}
REQUIRES = re.compile(r"doctest-requires:\s*(.+?)\s*(?:-->)?\s*$")
DIRECTIVE = re.compile(r"\.\.\s+([\w:+.-]+)::(?:\s+(.*?))?\s*$")
FIGURE = re.compile(r"^\s*print\(.*\)\s*#\s*([-+]?[0-9][0-9.eE+-]*%?)\s*$", re.M)


@dataclass(frozen=True)
class Block:
    """One code block of a page.

    ``lineno`` is the 1-based line of the block's first code line in the page;
    ``kind`` is ``"python"`` (run as a script) or ``"pycon"`` (run as a doctest).
    """

    path: str
    lineno: int
    code: str
    kind: str
    requires: tuple = field(default=())

    @property
    def where(self):
        return f"{self.path}, block at line {self.lineno}"


class BlockError(AssertionError):
    """A code block of a page failed; the message names the page and the line."""


def _indent(line):
    return len(line) - len(line.lstrip())


def _text_indent(line):
    """Column where the text of a paragraph line starts (after a list marker)."""
    m = re.match(r"(\s*)([-*+]|\d+[.)]|#\.)\s+", line)
    return len(m.group(0)) if m else _indent(line)


def _body(lines, start, parent_indent):
    """Lines from ``start`` that are blank or indented beyond ``parent_indent``.

    Returns ``(first, stop)``: the first non-blank body line (None when the
    body is empty) and the index after the body.
    """
    i, first = start, None
    while i < len(lines):
        line = lines[i]
        if line.strip():
            if _indent(line) <= parent_indent:
                break
            if first is None:
                first = i
        i += 1
    return first, i


def _make_block(path, lines, first, stop, kind, requires):
    code = textwrap.dedent("\n".join(lines[first:stop])).strip("\n") + "\n"
    if kind == "python" and code.lstrip().startswith(">>>"):
        kind = "pycon"
    return Block(path, first + 1, code, kind, requires)


def _language_kind(language):
    language = (language or "").strip().lower()
    if language in PYCON:
        return "pycon"
    if language in PYTHON:
        return "python"
    return None


def _requirements(text):
    return tuple(n.strip() for n in text.split(",") if n.strip())


def collect_rst(text, path="<rst>"):
    """The Python blocks of a reStructuredText page, in page order."""
    lines = text.splitlines()
    blocks = []
    highlight = "python"  # Sphinx's default highlight language
    requires = ()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = _indent(line)
        if stripped.startswith(".. ") or stripped == "..":
            m = DIRECTIVE.match(stripped)
            if m is None:  # a comment, a target or a substitution: skip its body
                found = REQUIRES.search(stripped)
                if found:
                    requires = _requirements(found.group(1))
                _, i = _body(lines, i + 1, indent)
                continue
            name, argument = m.group(1).lower(), m.group(2)
            if name == "highlight":
                highlight = (argument or "").strip().lower()
                i += 1
                continue
            if name in CODE_DIRECTIVES or name in ("testcode", "doctest"):
                if name == "testcode":
                    kind = "python"
                elif name == "doctest":
                    kind = "pycon"
                else:
                    kind = _language_kind(argument if argument else highlight)
                j = i + 1  # options (":caption: ...") come before the content
                while j < len(lines) and lines[j].strip().startswith(":"):
                    if _indent(lines[j]) <= indent:
                        break
                    j += 1
                first, stop = _body(lines, j, indent)
                if kind is not None and first is not None:
                    blocks.append(_make_block(path, lines, first, stop, kind, requires))
                requires = ()
                i = stop
                continue
            if name in OPAQUE_DIRECTIVES:
                _, i = _body(lines, i + 1, indent)
                continue
            i += 1  # any other directive: its body is ordinary text, scanned on
            continue
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        if stripped.endswith("::") and next_blank:
            first, stop = _body(lines, i + 1, _text_indent(line))
            if first is not None:
                kind = _language_kind(highlight)
                if kind is not None:
                    blocks.append(_make_block(path, lines, first, stop, kind, requires))
                requires = ()
                i = stop
                continue
        elif stripped.startswith(">>>") and (i == 0 or not lines[i - 1].strip()):
            stop = i
            while stop < len(lines) and lines[stop].strip():
                stop += 1
            blocks.append(_make_block(path, lines, i, stop, "pycon", requires))
            requires = ()
            i = stop
            continue
        i += 1
    return blocks


def collect_markdown(text, path="<markdown>"):
    """The Python blocks of a Markdown page (fenced code), in page order."""
    lines = text.splitlines()
    blocks = []
    requires = ()
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        found = REQUIRES.search(stripped) if stripped.startswith("<!--") else None
        if found:
            requires = _requirements(found.group(1))
        m = re.match(r"(`{3,}|~{3,})\s*([\w+-]*)", stripped)
        if m is None:
            i += 1
            continue
        fence, language = m.group(1), m.group(2)
        stop = i + 1
        while stop < len(lines) and not lines[stop].strip().startswith(fence):
            stop += 1
        kind = _language_kind(language) if language else None
        if kind is not None and stop > i + 1:
            blocks.append(_make_block(path, lines, i + 1, stop, kind, requires))
        requires = ()
        i = stop + 1
    return blocks


def collect(page, root=None):
    """The Python blocks of a page file (``.rst`` or ``.md``).

    Blocks are named by the page's path relative to ``root`` when given.
    """
    page = Path(page)
    name = page.relative_to(root).as_posix() if root is not None else str(page)
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".md":
        return collect_markdown(text, name)
    return collect_rst(text, name)


def requirement_met(name):
    """Whether a block's requirement (a module name, or ``gpu``) is available."""
    if name == "gpu":
        try:
            from skmm.utils import cupy_available
        except ImportError:
            return False
        return bool(cupy_available())
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


class _Tee(io.StringIO):
    """Keeps what a block prints and passes it on."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream

    def write(self, s):
        self._stream.write(s)
        return super().write(s)


def _shift_lines(code, delta):
    """A code object (and those nested in it) moved ``delta`` lines down.

    Tracebacks then name the page's lines, and show the block, not the page.
    """
    consts = tuple(
        _shift_lines(c, delta) if isinstance(c, types.CodeType) else c
        for c in code.co_consts
    )
    return code.replace(co_firstlineno=code.co_firstlineno + delta, co_consts=consts)


def _run_script(block, namespace, filename):
    __tracebackhide__ = True
    out = _Tee(sys.stdout)
    try:
        code = _shift_lines(compile(block.code, filename, "exec"), block.lineno - 1)
        with contextlib.redirect_stdout(out):
            exec(code, namespace)  # noqa: S102 - running documentation is the point
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise BlockError(f"{block.where}: {type(exc).__name__}: {exc}") from exc
    promised = FIGURE.findall(block.code)
    if promised:
        printed = out.getvalue().splitlines()
        if len(printed) != len(promised):
            raise BlockError(
                f"{block.where}: printed {len(printed)} lines, but its print "
                f"comments promise {len(promised)} figures: {promised}"
            )
        for line, figure in zip(printed, promised):
            shown = line.split()[-1] if line.split() else ""
            if shown != figure:
                raise BlockError(
                    f"{block.where}: printed {line!r}, but the page says {figure}"
                )


def _run_doctest(block, namespace, filename, optionflags, checker):
    __tracebackhide__ = True
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block.code, namespace, block.where, filename, block.lineno - 1
    )
    runner = doctest.DocTestRunner(
        checker=checker, optionflags=optionflags, verbose=False
    )
    report = io.StringIO()
    try:
        runner.run(test, out=report.write, clear_globs=False)
    finally:
        namespace.update(test.globs)  # DocTest ran on a copy of the namespace
    if runner.failures:
        raise BlockError(f"{block.where}: doctest failed\n{report.getvalue()}")


def run_blocks(blocks, namespace=None, *, root=None, optionflags=0, checker=None):
    """Run blocks in order in one namespace; return those left out.

    Parameters
    ----------
    blocks : list of Block
        The blocks of one page, in page order.
    namespace : dict, optional
        Where the blocks run; a fresh ``{"__name__": "__main__"}`` by default.
    root : path, optional
        Directory the blocks' page paths are relative to, so that tracebacks
        show the page's lines.
    optionflags : int
        Doctest option flags for ``pycon`` blocks.
    checker : doctest.OutputChecker, optional
        Output checker for ``pycon`` blocks.

    Returns
    -------
    left_out : list of (Block, list of str)
        Blocks not run and their unmet requirements.

    Raises
    ------
    BlockError
        The first block that raises, prints other figures than it promises or
        whose doctest output differs.
    """
    __tracebackhide__ = True
    if namespace is None:
        namespace = {"__name__": "__main__"}
    left_out = []
    for block in blocks:
        missing = [r for r in block.requires if not requirement_met(r)]
        if missing:
            left_out.append((block, missing))
            continue
        filename = str(Path(root) / block.path) if root is not None else block.path
        if block.kind == "pycon":
            _run_doctest(block, namespace, filename, optionflags, checker)
        else:
            _run_script(block, namespace, filename)
    return left_out
