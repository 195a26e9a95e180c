"""Automatic checks on text before anything goes out (先审后发): personal data, secrecy marks,
sensitive words and wrong expressions.

Pure Python — no Django, no database, no I/O. Callers pass the editable dictionaries in; every
finding carries character offsets into the text it was given and a masked excerpt, never the
full personal value.
"""

from .checker import Checker, Dictionaries, check_text
from .findings import Finding, Severity
from .highlight import Segment, highlight

__all__ = ["Checker", "Dictionaries", "Finding", "Segment", "Severity", "check_text", "highlight"]
