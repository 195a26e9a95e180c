from django.urls import include, path
from django.views.generic import RedirectView

from zwgk.portal.api import api as public_api

urlpatterns = [
    path("staff/site/", include("zwgk.portal.staff_urls")),
    path("staff/core/", include("zwgk.core.urls")),
    path("staff/documents/", include("zwgk.documents.urls")),
    path("staff/requests/reports/", include("zwgk.disclosure_requests.reports_urls")),
    path("staff/requests/", include("zwgk.disclosure_requests.urls")),
    path("staff/requests/", include("zwgk.disclosure_requests.letters.urls")),
    path("staff/contentcheck/", include("zwgk.contentcheck.urls")),
    path("staff/keyarea/", include("zwgk.keyarea.urls")),
    path("staff/policies/", include("zwgk.policies.urls")),
    path("staff/execution/", include("zwgk.execution.urls")),
    path("staff/enforcement/", include("zwgk.enforcement.urls")),
    path("staff/newmedia/", include("zwgk.newmedia.urls")),
    path("staff/monitoring/", include("zwgk.monitoring.urls")),
    path("staff/participation/", include("zwgk.participation.urls")),
    path("staff/mailbox/", include("zwgk.mailbox.urls")),
    path("staff/sentiment/", include("zwgk.sentiment.urls")),
    path("staff/supervision/", include("zwgk.supervision.urls")),
    path("staff/", include("zwgk.workspace.urls")),
    path("search/", include("zwgk.search.urls")),
    path("ysqgk/", include("zwgk.disclosure_requests.public_urls")),
    path("zcztc/", include("zwgk.policies.public_urls")),
    # 执行公开's tables lived under /zfgs/zxgk/ until 2026-11-30: old links keep working
    path(
        "zfgs/zxgk/",
        RedirectView.as_view(pattern_name="execution_public:summaries", permanent=True),
    ),
    path(
        "zfgs/zxgk/<int:pk>/",
        RedirectView.as_view(pattern_name="execution_public:summary", permanent=True),
    ),
    path("zfgs/", include("zwgk.enforcement.public_urls")),
    path("zxgk/", include("zwgk.execution.public_urls")),
    path("hdjl/", include("zwgk.participation.public_urls")),
    path("xx/", include("zwgk.mailbox.public_urls")),
    path("api/v1/", public_api.urls),
    path("", include("zwgk.portal.urls")),
]

handler404 = "zwgk.portal.views.page_not_found"
handler500 = "zwgk.portal.views.server_error"
