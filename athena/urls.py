from django.contrib import admin
from django.urls import include, path

from athena.health import healthz, service_worker
from athena.home import home


def _operators_only(request):
    """The Django admin is the operator's tool: a superuser's. A force's administrator
    works in the app's own pages, confined to their force; the admin site's lists span
    every force and its reads are not audited."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _operators_only

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("sw.js", service_worker, name="service_worker"),
    path("account/", include("athena.accounts.urls")),
    path("people/", include("athena.people.urls")),
    path("offences/", include("athena.offences.urls")),
    path("audit/", include("athena.audit.urls")),
    path("cases/", include("cases.urls")),
    path("custody/", include("custody.urls")),
    path("intelligence/", include("intelligence.urls")),
    path("notifications/", include("athena.notifications.urls")),
    path("api/", include("athena.api_urls")),
    path("admin/", admin.site.urls),
]
