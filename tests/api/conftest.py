from tests.documents.conftest import draft, tree  # noqa: F401 - the portal's fixtures
