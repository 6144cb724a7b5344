"""The REST API under /api/: each app's routes, the OpenAPI schema and its documentation.

rest_framework exempts its views from Django's LoginRequiredMiddleware and refuses an
anonymous caller itself (403, IsAuthenticated), as an API should. The schema is for
signed-in users, like the API. The documentation page (/api/docs/) is for people, so it
sends an anonymous visitor to sign in; it is Swagger UI from drf-spectacular-sidecar,
served by the app (no CDN), in its split form: the page loads its start-up script as a
file, so the Content Security Policy needs no inline script.
"""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

app_name = "api"
urlpatterns = [
    path("cases/", include("cases.api.urls")),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
         name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/swagger_ui.html",
        permission_classes=[IsAuthenticated])), name="docs"),
]
