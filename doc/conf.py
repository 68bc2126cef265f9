"""Sphinx configuration for the skmm documentation."""

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, os.path.abspath(".."))

import skmm  # noqa: E402

project = "skmm"
author = "The skmm developers"
release = skmm.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
autosummary_generate = True
numpydoc_show_class_members = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb"]
html_theme = "pydata_sphinx_theme"
# scikit-learn's inherited score() docstrings link to labels of its own docs
suppress_warnings = ["ref.ref"]

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
}

html_static_path = ["_static"]

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # SKMM_GALLERY_PATTERN runs only some examples (a quicker partial build)
    "filename_pattern": os.environ.get("SKMM_GALLERY_PATTERN", r"/plot_"),
    "within_subsection_order": "FileNameSortKey",
}

# One picture per direction, for the gallery's landing page and the README:
# the thumbnail sphinx-gallery makes of each of these examples (the figure its
# ``sphinx_gallery_thumbnail_number`` names) is copied to
# _static/directions/<direction>.png, a file the repository keeps.
DIRECTION_PICTURES = {
    "representation": "representation/plot_cca_digits",
    "translation": "translation/plot_digit_half_retrieval",
    "alignment": "alignment/plot_basic_motions_ctw",
    "fusion": "fusion/plot_basic_motions_fusion",
    "colearning": "colearning/plot_domain_adaptation",
}


def copy_direction_pictures(app):
    """Copy the thumbnails of the examples that ran in this build."""
    source = Path(app.srcdir)
    target = source / "_static" / "directions"
    target.mkdir(parents=True, exist_ok=True)
    for direction, example in DIRECTION_PICTURES.items():
        folder, name = example.split("/")
        images = source / "auto_examples" / folder / "images"
        thumb = images / "thumb" / f"sphx_glr_{name}_thumb.png"
        # an example that did not run has a placeholder thumbnail and no figure
        if thumb.exists() and (images / f"sphx_glr_{name}_001.png").exists():
            shutil.copyfile(thumb, target / f"{direction}.png")


def setup(app):
    """Run after sphinx-gallery has made the gallery (priority > 500)."""
    app.connect("builder-inited", copy_direction_pictures, priority=900)
