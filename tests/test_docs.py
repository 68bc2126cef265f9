"""Every Python code block of README.md and doc/ runs, page by page, in order.

One test per page (its id is the page's path): the page's blocks run one after
the other in one namespace, as a reader would paste them, so a name used before
it is defined, a stale call or a wrong printed figure fails the page and names
the block's line. How blocks are recognised is described in ``_doc_blocks``;
the tests below also run the collector and runner on small synthetic pages, to
show that they catch what they must.
"""

import doctest
import textwrap
from pathlib import Path

import pytest

from tests._doc_blocks import (
    FIGURE,
    BlockError,
    collect,
    collect_markdown,
    collect_rst,
    requirement_met,
    run_blocks,
)

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "doc").rglob("*.rst"))]
# pages a docs build writes (gitignored) are not the docs' own text
_GENERATED = {"_build", "generated", "auto_examples"}
PAGES = [p for p in PAGES if not _GENERATED & set(p.parts)]
# pages with at least one Python block (reference pages often have none)
CODE_PAGES = [p for p in PAGES if collect(p, root=ROOT)]
CODE_PAGE_IDS = [p.relative_to(ROOT).as_posix() for p in CODE_PAGES]


def _doctest_options(config):
    """The suite's doctest flags (setup.cfg) and pytest's checker (for NUMBER)."""
    try:
        from _pytest.doctest import _get_checker, get_optionflags
    except ImportError:  # pragma: no cover - pytest internals moved
        return doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, None
    return get_optionflags(config), _get_checker()


@pytest.fixture
def doctest_options(request):
    return _doctest_options(request.config)


@pytest.fixture
def headless_plots():
    """Matplotlib draws off screen (Agg); every figure is closed afterwards."""
    try:
        import matplotlib
    except ImportError:
        yield
        return
    matplotlib.use("Agg", force=True)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.mark.parametrize("page", CODE_PAGES, ids=CODE_PAGE_IDS)
def test_page_code_runs(page, doctest_options, headless_plots):
    blocks = collect(page, root=ROOT)
    optionflags, checker = doctest_options
    left_out = run_blocks(blocks, root=ROOT, optionflags=optionflags, checker=checker)
    if left_out:
        ran = len(blocks) - len(left_out)
        not_run = "; ".join(
            f"line {b.lineno} needs {', '.join(missing)}" for b, missing in left_out
        )
        pytest.skip(f"{ran} of {len(blocks)} blocks ran and passed; not run: {not_run}")


def test_user_guide_pages_all_have_code():
    guide = sorted((ROOT / "doc" / "user_guide").glob("*.rst"))
    without = [
        p.name for p in guide if p.name != "index.rst" and not collect(p, root=ROOT)
    ]
    assert not without, f"user-guide pages without a runnable block: {without}"


def test_readme_example_promises_its_printed_figures():
    # the README example states what it prints (``print(...)  # 0.931``); its page
    # test checks every figure, so the promises must not vanish from the page
    blocks = collect(ROOT / "README.md", root=ROOT)
    assert [b.kind for b in blocks] == ["python"]
    assert len(FIGURE.findall(blocks[0].code)) == 3
    assert "README.md" in CODE_PAGE_IDS


# -- the collector and runner on synthetic pages ------------------------------

PAGE = textwrap.dedent(
    """\
    Title
    =====

    .. currentmodule:: skmm.fusion

    A paragraph that ends in a literal block::

        import math
        x = math.sqrt(16)

    .. code-block:: text

        this is not Python, and it never runs

    .. code-block:: bash

        pip install skmm

    .. autosummary::
       :toctree: generated/

       LateFusionClassifier

    .. code-block:: python
       :caption: options are not code

       y = x + 1

    A list item with a block:

    - see this::

        z = y * 2

    ::

        >>> z
        10.0

    >>> z + 1
    11.0
    """
)


def test_collector_finds_python_blocks_in_order_and_skips_others():
    blocks = collect_rst(PAGE, "page.rst")
    assert [(b.lineno, b.kind) for b in blocks] == [
        (8, "python"),
        (27, "python"),
        (33, "python"),
        (37, "pycon"),
        (40, "pycon"),
    ]
    assert blocks[0].code == "import math\nx = math.sqrt(16)\n"
    assert blocks[1].code == "y = x + 1\n"
    assert not any("never runs" in b.code or "pip" in b.code for b in blocks)
    namespace = {"__name__": "__main__"}
    assert run_blocks(blocks, namespace) == []
    assert namespace["z"] == 10.0


@pytest.mark.parametrize("language", ["text", "bash", "console", "none", "rst"])
def test_non_python_code_blocks_are_not_run(language):
    page = f".. code-block:: {language}\n\n    undefined_name + 1\n"
    assert collect_rst(page) == []
    page = f".. highlight:: {language}\n\nLiteral::\n\n    undefined_name + 1\n"
    assert collect_rst(page) == []


def test_a_block_with_an_undefined_name_fails_and_names_its_line():
    page = "Intro::\n\n    a = 1\n\nThen::\n\n    print(a + classifier)\n"
    blocks = collect_rst(page, "doc/user_guide/broken.rst")
    with pytest.raises(BlockError, match=r"broken\.rst, block at line 7: NameError"):
        run_blocks(blocks)
    # the traceback points at the page's line
    try:
        run_blocks(blocks)
    except BlockError as exc:
        assert exc.__cause__.__traceback__.tb_next.tb_lineno == 7


def test_blocks_share_one_namespace_in_page_order():
    page = "First::\n\n    a = 2\n\nSecond::\n\n    b = a * 3\n"
    namespace = {}
    run_blocks(collect_rst(page), namespace)
    assert namespace["b"] == 6
    reversed_page = "First::\n\n    b = a * 3\n\nSecond::\n\n    a = 2\n"
    with pytest.raises(BlockError, match="NameError"):
        run_blocks(collect_rst(reversed_page))


def test_doctest_blocks_share_the_namespace_too():
    page = ">>> a = 2\n\nThen::\n\n    b = a * 3\n\n::\n\n    >>> c = b + 1\n"
    namespace = {}
    run_blocks(collect_rst(page), namespace)
    assert (namespace["a"], namespace["b"], namespace["c"]) == (2, 6, 7)


def test_doctest_blocks_compare_their_output(doctest_options):
    optionflags, checker = doctest_options
    good = "Example::\n\n    >>> round(0.1 + 0.2, 3)\n    0.3\n"
    assert run_blocks(collect_rst(good), optionflags=optionflags, checker=checker) == []
    wrong = "Example::\n\n    >>> 1 + 1\n    3\n"
    with pytest.raises(BlockError, match="line 3: doctest failed"):
        run_blocks(collect_rst(wrong, "p.rst"), optionflags=optionflags)
    raising = ">>> undefined_name\n"
    with pytest.raises(BlockError, match="NameError"):
        run_blocks(collect_rst(raising))


def test_printed_figures_are_checked():
    good = "Run::\n\n    print('score:', 0.5)  # 0.5\n"
    run_blocks(collect_rst(good))
    wrong = "Run::\n\n    print('score:', 0.25)  # 0.5\n"
    with pytest.raises(BlockError, match="the page says 0.5"):
        run_blocks(collect_rst(wrong))


def test_script_blocks_run_as_a_main_module():
    page = "Run::\n\n    if __name__ == '__main__':\n        ran = True\n"
    namespace = {"__name__": "__main__"}
    run_blocks(collect_rst(page), namespace)
    assert namespace["ran"] is True


def test_markdown_runs_python_fences_only():
    text = "```bash\npip install .\n```\n\n```python\nx = 1\n```\n\n```\nplain\n```\n"
    blocks = collect_markdown(text, "README.md")
    assert [(b.lineno, b.code) for b in blocks] == [(6, "x = 1\n")]


def test_blocks_with_unmet_requirements_are_left_out_and_reported():
    page = (
        ".. doctest-requires: no_such_module_for_skmm\n\n"
        ".. code-block:: python\n\n    import no_such_module_for_skmm\n\n"
        "Runs::\n\n    a = 1\n"
    )
    blocks = collect_rst(page)
    assert [b.requires for b in blocks] == [("no_such_module_for_skmm",), ()]
    namespace = {}
    left_out = run_blocks(blocks, namespace)
    assert [(b.lineno, missing) for b, missing in left_out] == [
        (5, ["no_such_module_for_skmm"])
    ]
    assert namespace["a"] == 1
    assert requirement_met("numpy")
    assert not requirement_met("no_such_module_for_skmm")


def test_collector_agrees_with_docutils_on_the_real_pages():
    """docutils' own parser finds the same literal and doctest blocks."""
    docutils_core = pytest.importorskip("docutils.core")
    from docutils import nodes

    for page in PAGES:
        if page.suffix != ".rst":
            continue
        text = page.read_text(encoding="utf-8")
        tree = docutils_core.publish_doctree(
            text,
            settings_overrides={
                "report_level": 5,
                "halt_level": 5,
                "syntax_highlight": "none",
                "file_insertion_enabled": False,
            },
        )
        expected = []
        for node in tree.findall(
            lambda n: isinstance(n, nodes.literal_block | nodes.doctest_block)
        ):
            parent = node.parent
            while parent is not None and not isinstance(parent, nodes.system_message):
                parent = parent.parent
            if parent is not None:  # the body of a directive docutils lacks
                continue
            classes = set(node.get("classes", []))
            if isinstance(node, nodes.literal_block) and "code" in classes:
                languages = classes - {"code"}
                if not languages <= {"python", "pycon", "py"}:
                    continue
            expected.append(node.astext().strip())
        found = [b.code.strip() for b in collect(page, root=ROOT)]
        assert found == expected, page.relative_to(ROOT).as_posix()
