"""统一社会信用代码 validation lives in the pure textcheck package; re-exported for orgs."""

from zwgk.textcheck.uscc import CHARSET, WEIGHTS, check_character, is_valid_uscc

__all__ = ["CHARSET", "WEIGHTS", "check_character", "is_valid_uscc"]
