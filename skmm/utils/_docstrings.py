"""Shared docstring fragments, filled as imbalanced-learn's ``Substitution`` does.

The parameter and attribute entries that every multi-view estimator shares are
written once here. A class docstring holds a placeholder line such as
``    {views}`` or ``    {views_attributes}``; :class:`Substitution` replaces it
with the fragment, indented like the placeholder. Only the named placeholders
are touched, so other braces in a docstring (a dict in an example) stay as they
are. :func:`views_docs` builds the fragments of a multi-view estimator from its
``_n_views`` and ``_missing_views`` class attributes.
"""

import re

__all__ = ["DOMAIN_DOCS", "Substitution", "domain_docs", "views_docs"]

_VIEWS_ATTRIBUTES = """\
views_ : list of ndarray of int
    Column indices of each view, sorted, as resolved in ``fit``.
view_names_ : list of str
    Name of each view: the keys of a dict ``views``, else ``"view0"``,
    ``"view1"``, ...
n_views_ : int
    Number of views.
n_features_in_ : int
    Number of features seen during :term:`fit`.
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Names of features seen during :term:`fit`. Defined only when ``X`` has
    feature names that are all strings."""

_VIEWS_PARAM = """\
views : None, int, list or dict, default=None
    Which columns of ``X`` belong to which view (modality): a dict
    ``name -> selector``, a list of selectors, an int ``k`` for ``k``
    contiguous blocks, or None for two halves (see
    :func:`~skmm.utils.resolve_views`).
    {count} {missing}"""


#: The ``domain`` parameter and the domain attributes of the domain adapters.
DOMAIN_DOCS = {
    "domain": """\
domain : int, str, slice, array-like, callable or None, default=None
    Selector of the column of ``X`` that holds each row's domain (``>= 0``
    source, ``< 0`` target); it is read and dropped. None: ``X`` holds no
    domain column and the domains come from ``sample_domain`` (given with
    the column, ``sample_domain`` must equal it; see
    :func:`~skmm.utils.read_domains`).""",
    "domain_attributes": """\
domain_column_ : int or None
    Index of the domain column in ``X``.
n_features_in_ : int
    Number of columns seen in ``fit`` (domain column included).
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Column names seen in ``fit``, when ``X`` has string column names.""",
    # the fitted-rows block of the domain-adaptation meta-estimators
    "train_attributes": """\
n_train_rows_ : int
    Number of labeled source rows (``domain >= 0``, ``y`` known).
n_features_in_ : int
    Number of columns seen in ``fit`` (domain column included).
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Column names seen in ``fit``, when ``X`` has string column names.""",
    # the two parameters of the meta-estimators' prediction methods
    "predict_rows": """\
X : array-like or DataFrame of shape (n_samples, n_features)
    Rows (with the domain column when ``domain`` is set); each row is
    adapted according to its domain.
sample_domain : array-like of shape (n_samples,), default=None
    Domain of each row when ``X`` holds no domain column; rows without
    domain information are treated as target rows.""",
}


class Substitution:
    r"""Fill named placeholder lines of a docstring with shared fragments.

    Parameters
    ----------
    **fragments : str
        Placeholder name -> text. A line of the docstring that holds only
        ``{name}`` (after its indentation) is replaced by the text, every line
        indented like the placeholder.

    Examples
    --------
    >>> from skmm.utils._docstrings import Substitution
    >>> @Substitution(greeting="Hello\nworld")
    ... def f():
    ...     '''Summary.
    ...
    ...     {greeting}
    ...     '''
    >>> print(f.__doc__.strip())
    Summary.
    <BLANKLINE>
        Hello
        world
    """

    def __init__(self, **fragments):
        self.fragments = fragments

    def __call__(self, obj):
        doc = obj.__doc__
        if doc is None:
            return obj
        for name, text in self.fragments.items():
            pattern = re.compile(r"^([ \t]*)\{" + re.escape(name) + r"\}[ \t]*$", re.M)

            def indent(match, text=text):
                pad = match.group(1)
                return "\n".join(
                    pad + line if line else line for line in text.split("\n")
                )

            doc = pattern.sub(indent, doc)
        obj.__doc__ = doc
        return obj


def views_docs(cls):
    """Fill ``{views}`` and ``{views_attributes}`` in a multi-view class's docstring.

    The ``views`` entry states how many views the class takes (``_n_views``) and
    whether a row may lack one (``_missing_views``).

    Parameters
    ----------
    cls : type
        A subclass of :class:`~skmm.utils.MultiViewMixin`.

    Returns
    -------
    cls : type
        The same class, its docstring filled.
    """
    fewest, most = cls._n_views
    if fewest == most:
        count = f"Exactly {_WORDS.get(fewest, fewest)} views."
    elif most is None:
        count = f"{_WORDS.get(fewest, fewest).capitalize()} or more views."
    else:
        count = f"Between {fewest} and {most} views."
    if cls._missing_views:
        missing = "A view missing in a row is an all-NaN block of that row."
    else:
        missing = "Every row needs every view (NaN is an error)."
    return Substitution(
        views=_VIEWS_PARAM.format(count=count, missing=missing),
        views_attributes=_VIEWS_ATTRIBUTES,
    )(cls)


_WORDS = {1: "one", 2: "two", 3: "three"}

#: Decorator filling the placeholders of :data:`DOMAIN_DOCS` in a docstring.
domain_docs = Substitution(**DOMAIN_DOCS)
