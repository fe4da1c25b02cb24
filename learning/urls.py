"""URL configuration of the whole site."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from courses import views as courses_views
from courses.public import views as public_views
from learning import mfa, sessions, signin, termine_views
from learning import views as learning_views
from learning import viewsets as learning_viewsets

urlpatterns = [
    path("healthz", learning_views.healthz, name="healthz"),
    path("favicon.ico", learning_views.favicon),
    path("anmelden/", signin.LoginView.as_view(), name="login"),
    path("anmelden/code/", mfa.second_factor_view, name="second_factor"),
    path("lernen/konto/passwort/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("lernen/konto/zwei-faktor/", mfa.setup_view, name="second_factor_setup"),
    path("abmelden/", sessions.LogoutView.as_view(), name="logout"),
    # Single sign-on (learning.oidc); its views answer 404 while it is not configured.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("api/progress/", learning_views.progress_api, name="progress_api"),
    path("lernen/einschreiben/<int:course_id>/", learning_views.enrol_view, name="enrol"),
    path("lernen/lektion/<int:lesson_id>/gelesen/", learning_views.mark_read_view, name="mark_read"),
    path("lernen/erinnerungen/", learning_views.reminder_preferences, name="reminder_preferences"),
    path(
        "lernen/zertifikate/<int:pk>/pdf/", learning_views.certificate_download, name="certificate_download"
    ),
    path("lernen/meine-daten/", learning_views.my_data_view, name="my_data"),
    path("lernen/meine-daten/herunterladen/", learning_views.my_data_download, name="my_data_download"),
    path("zertifikat/<str:code>/", learning_views.certificate_verify, name="certificate_verify"),
    path("lotsen/", include("lotsen.urls")),
    # Course dates (learning.termine_views): registration, calendar, the trainer's list; the feed needs no sign-in.
    path("lernen/termine/", include(termine_views.urlpatterns)),
    path("kalender/<str:token>.ics", termine_views.calendar_feed, name="calendar_feed"),
    # Before Wagtail's admin: its account page without the name panel (the name comes from the staff profile).
    path(
        "admin/account/",
        require_admin_access(learning_viewsets.AccountView.as_view()),
        name="wagtailadmin_account",
    ),
    # Before Wagtail's admin: its sign-out answers with Clear-Site-Data like the staff portal's, and its own
    # sign-in form sends to the one throttled form with the second factor.
    path("admin/logout/", sessions.AdminLogoutView.as_view(), name="wagtailadmin_logout"),
    path("admin/login/", signin.AdminLoginRedirectView.as_view(), name="wagtailadmin_login"),
    # Videos only: wagtailmedia's addresses for audio lead to the video ones, so no screen offers an audio
    # upload. The same for its untyped add form ("media") and chooser, which offer audio beside video.
    re_path(
        r"^admin/media/(?:audio|media)/add/$",
        RedirectView.as_view(pattern_name="wagtailmedia:add"),
        {"media_type": "video"},
    ),
    re_path(
        r"^admin/media/audio/chooser/upload/$",
        RedirectView.as_view(pattern_name="wagtailmedia:chooser_upload"),
        {"media_type": "video"},
    ),
    # wagtailmedia's chooser pattern has no end anchor: chooser/audio/<anything> is the audio chooser too.
    re_path(
        r"^admin/media/chooser/(?:$|audio/)",
        RedirectView.as_view(pattern_name="wagtailmedia:chooser_typed", query_string=True),
        {"media_type": "video"},
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("medien/video/<int:pk>/<str:kind>/", courses_views.serve_video_media, name="video_media"),
    path(
        "barrierefreiheit/rueckmeldung/<int:page_id>/",
        public_views.submit_feedback,
        name="accessibility_feedback",
    ),
]

if settings.DEBUG:
    from django.views.static import serve

    # Only images come straight from the media folder; videos, posters and captions live under
    # protected/ and are served by courses.views after its access check, documents by Wagtail's view.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>(?:images|original_images)/.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail serves every other path from the page tree; it must come last. Public pages in other languages
# live under /<lang>/ (/en/, /ar/, ...); German, the source language, has no prefix, so /lernen/ stays as it is.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
