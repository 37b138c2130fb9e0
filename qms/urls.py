"""URL configuration. Public URLs are stable: /, page URLs, /search/, /verify/<token>/."""

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from qms.views import language_switch, robots_txt

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # The integration API (issue 17): versioned paths, breaking changes only in a new one.
    path("api/v1/", include("api.urls")),
    # Before Wagtail's file URLs: documents.urls wraps the file serve view (issue 10 part 2).
    path("", include("documents.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # The portal's language switch is a link (no CSRF cookie on cacheable pages); Django's
    # POST view stays for anyone who posts to it.
    path("ngon-ngu/<str:code>/", language_switch, name="language_switch"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("feedback.urls")),
    # The ISO announcement's decision, linked from the agency's public page (issue 16).
    path("", include("conformity.urls")),
    # For search engines (issue 14): the live public pages only, never a draft or /admin/.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    # Media is never served directly: controlled files stream through Wagtail's serve view,
    # which enforces collection privacy (stack notes §7, reliability test AC-01).
    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "qms.views.page_not_found"
handler500 = "qms.views.server_error"
