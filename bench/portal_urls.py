"""The project's URLs plus a constant view, for bench/portal_load.py only."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from qms.urls import urlpatterns as project_urlpatterns

HELLO = "<!DOCTYPE html><html lang=vi><title>Xin chào</title><p>Xin chào</p></html>"


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(HELLO)


# Before the project's: Wagtail's catch-all page route comes last among those.
urlpatterns = [path("bench-hello/", hello), *project_urlpatterns]

handler404 = "qms.views.page_not_found"
handler500 = "qms.views.server_error"
