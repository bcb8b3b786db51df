import os

# OK: suppressions that suppress a violation on their line.
HOME = os.environ["HOME"]  # ssotscan: ignore[env-access] read once at start-up, see ADR 12
from app import generated_names  # ssotscan: ignore[unresolved-import] -- written by the build

# Warning: an id that suppressed nothing, alone or next to one that did.
USER = "nobody"  # ssotscan: ignore[env-access] was os.getenv  # warning: unused-suppression
PATH = os.environ["PATH"]  # ssotscan: ignore[env-access, unresolved-import] legacy  # warning: unused-suppression

# Warning: comments that cannot suppress anything (the violation stays reported).
SHELL = os.environ["SHELL"]  # ssotscan: ignore  # warning: unused-suppression
LANG = os.environ["LANG"]  # ssotscan: ignore[]  # warning: unused-suppression
TERM = os.environ["TERM"]  # ssotscan: ignore[env-access  # warning: unused-suppression
TZ = os.environ["TZ"]  # ssotscan: ignroe[env-access] typo  # warning: unused-suppression
EDITOR = os.environ["EDITOR"]  # ssotscan: ignore[envaccess] typo  # warning: unused-suppression
PAGER = os.environ["PAGER"]  # ssotscan: ignore[env-access]  # warning: unused-suppression
VISUAL = os.environ["VISUAL"]  # ssotscan: ignore[env-access, env-access] twice  # warning: unused-suppression
from app import gone  # ssotscan: ignore[parse-error, unresolved-import] vendored  # warning: unused-suppression

# OK: the same text in strings is no comment.
DOC = "# ssotscan: ignore[env-access]"
TEMPLATE = """
x = 1  # ssotscan: ignore
"""
# OK: a rule that did not run (duplicate-body is not selected) is not judged.
X = 1  # ssotscan: ignore[duplicate-body] a copy kept on purpose
# OK: unused-suppression is suppressed for this comment, and never reported unused itself.
Y = 2  # ssotscan: ignore[env-access, unused-suppression] kept for the rollback
# OK: a comment that only mentions ssotscan.
Z = 3  # see the ssotscan docs
