"""Common-check settings for skmm.translation (see the package docstring)."""

from . import BLOCK_NAN_PICKLE

# class name -> constructor kwargs (or a list of them)
PARAMS = {}

EXPECTED_FAILED = {
    "ModalityImputer": BLOCK_NAN_PICKLE,
    "ModalityTranslator": BLOCK_NAN_PICKLE,
}
