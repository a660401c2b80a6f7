"""The public address map (../shared/product.md): keep these stable."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from api import pages as api_pages
from monitoring import pairs
from news import sitemaps as news_sitemaps
from news import views as news_views

from . import enrolment_views, ops, people, views

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", news_sitemaps.sitemap, name="sitemap"),
    path("robots.txt", news_views.robots_txt, name="robots_txt"),
    # The API is not language-prefixed: clients choose with Accept-Language.
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/api-tokens/", api_pages.tokens, name="api_tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", api_pages.token_revoke, name="api_token_revoke"),
    path("accounts/users/<int:pk>/access/", views.user_access, name="user_access"),
    # Before allauth's own: the first two-factor enrolment of an account that
    # may use the admin needs a fresh sign-in by an emailed one-time link.
    path("accounts/admin-enrolment/", enrolment_views.start, name="admin_enrolment"),
    path("accounts/admin-enrolment/sent/", enrolment_views.sent, name="admin_enrolment_sent"),
    path(
        "accounts/admin-enrolment/<str:token>/",
        enrolment_views.use_link,
        name="admin_enrolment_link",
    ),
    path(
        "accounts/2fa/totp/activate/",
        enrolment_views.activate_totp_after_link,
        name="mfa_activate_totp",
    ),
    path(
        "accounts/2fa/recovery-codes/generate/",
        enrolment_views.generate_recovery_codes_after_link,
        name="mfa_generate_recovery_codes",
    ),
    path("accounts/email/", enrolment_views.email_after_enrolment, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("people/", people.people_list, name="people"),
    path("people/people.csv", people.people_export, {"file_format": "csv"}, name="people_csv"),
    path("people/people.xlsx", people.people_export, {"file_format": "xlsx"}, name="people_xlsx"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/roles/", people.role_assign, name="person_role_assign"),
    path(
        "people/<int:pk>/roles/<int:assignment_pk>/end-date/",
        people.role_change_end_date,
        name="person_role_end_date",
    ),
    path(
        "people/<int:pk>/roles/<int:assignment_pk>/end/",
        people.role_end,
        name="person_role_end",
    ),
    path("members/", include("stakeholders.urls")),
    path("working-groups/", include("workinggroups.urls")),
    path("", include("committee.urls")),
    path("", include("meetings.urls")),
    path("documents/", include("documents.urls")),
    path("protected-areas/pairs/<slug:slug>/", pairs.pair_detail, name="pair"),
    path("", include("activities.urls")),
    path("news/", include("news.urls")),
    path("about/", include("news.about_urls")),
    path("translations/", include("news.translation_urls")),
    path("search/", include("search.urls")),
    path("data/", include("monitoring.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG and settings.FILE_STORAGE == "local":
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Logos, photos and news images, streamed from the storage (local or S3).
    urlpatterns += [
        path(settings.MEDIA_URL.lstrip("/") + "<path:path>", ops.media, name="media"),
    ]
