"""Dossier statistics of the one-stop units (thống kê hồ sơ TTHC), issue 15 part 2 (M34).

Why an app of its own: the statistics exported by the provincial one-stop information
system are a register in their own right, the monitoring of the one-stop processes
(ISO 9001:2015 9.1.1). Several readers use them without owning them: quality objectives
(performance, after merge), the management review's input pack (9.3.2 c3) and, later, the
API (issue 17). Keeping them apart from objectives lets each reader depend on one register,
and lets a re-import replace a month's figures without touching anything else.

Late dossiers over an agency's threshold raise a nonconformity (10.2) through the audits
app's service, once per procedure and month (``LateDossierFlag``).
"""
