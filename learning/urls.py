"""URL configuration of the whole site."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from learning import views as learning_views

urlpatterns = [
    path("healthz", learning_views.healthz, name="healthz"),
    path("anmelden/", learning_views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/progress/", learning_views.progress_api, name="progress_api"),
    path("lernen/einschreiben/<int:course_id>/", learning_views.enrol_view, name="enrol"),
    path("lernen/lektion/<int:lesson_id>/gelesen/", learning_views.mark_read_view, name="mark_read"),
    path(
        "lernen/zertifikate/<int:pk>/pdf/", learning_views.certificate_download, name="certificate_download"
    ),
    path("zertifikat/<str:code>/", learning_views.certificate_verify, name="certificate_verify"),
    path("lotsen/", include("lotsen.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
