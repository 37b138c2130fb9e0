"""Master list of documents (Danh mục tài liệu nội bộ, ISO 9001:2015 7.5.3).

It is the "Tài liệu" listing under its report title and URL (``documents.listing``).
"""

from documents.listing import MasterListView

__all__ = ["MasterListView"]
