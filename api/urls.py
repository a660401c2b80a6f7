"""/api/v1/ (the REST API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI
served with the portal's own static files; its init script is a separate request,
/api/docs/?script, so the Content-Security-Policy needs no inline script)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("working-groups", views.WorkingGroupViewSet, basename="working-group")
router.register("protected-areas", views.ProtectedAreaViewSet, basename="protected-area")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("news", views.ArticleViewSet, basename="article")
router.register("documents", views.DocumentViewSet, basename="document")
router.register(
    "population-estimates", views.PopulationEstimateViewSet, basename="population-estimate"
)
router.register("patrol-summaries", views.PatrolSummaryViewSet, basename="patrol-summary")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Any other address under /api/ (an id that is not a number, say) is a
    # 404 in the API's error shape, not the site's HTML page.
    re_path(r"^.*/$", views.UnknownAddressView.as_view(), name="unknown"),
]
