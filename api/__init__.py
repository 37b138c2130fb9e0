"""REST API v1 for the one-stop systems and the provincial portal (issue 17).

Directive 09/CT-UBND item 10: the provincial public-service portal shows each procedure's
controlled version, supervisors pull figures, the one-stop system pushes its statistics. The
API reads every app and owns no business rule: lists are the same selectors the portal uses,
writes go through the apps' services. Public reads need no key, never show a draft, and are
cached like the portal.
"""
