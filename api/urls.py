"""/api/v1/: the public reads, the OpenAPI schema, Swagger UI and ReDoc served locally."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from api import docs_assets, keyed, problems, views

app_name = "api"

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("units", views.UnitViewSet, basename="unit")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
    # ReDoc's search runs in a worker it creates from a blob: allowed on this page only.
    path(
        "redoc/",
        csp_update({"worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    path(
        "redoc-assets/bundles/redoc.standalone.js",
        docs_assets.redoc_bundle,
        name="redoc_bundle",
    ),
    path("documents/", views.DocumentList.as_view(), name="documents"),
    path("verify/<str:token>/", views.VerifyView.as_view(), name="verify"),
    path("registers/nonconformities/", keyed.NonconformityList.as_view()),
    path("registers/audits/", keyed.AuditList.as_view()),
    path("registers/reading-completion/", keyed.ReadingCompletion.as_view()),
    path("registers/objectives/", keyed.ObjectiveList.as_view()),
    path("feedback/", keyed.FeedbackCreate.as_view()),
    path("statistics/", keyed.StatisticsPush.as_view()),
    path("", include(router.urls)),
    re_path(r"^(?P<path>.*)$", problems.not_found),
]
