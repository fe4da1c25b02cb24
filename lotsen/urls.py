"""URLs of the Lotsen pages, included at /lotsen/."""

from django.urls import path

from . import views

app_name = "lotsen"
urlpatterns = [
    path("", views.index, name="index"),
    path("verzeichnis/", views.directory, name="directory"),
    path("hilfe/", views.help_request, name="help"),
    path("meine-begleitung/", views.my_support, name="my_support"),
    path("meine-begleitung/protokoll/", views.access_log, name="access_log"),
    path("anfragen/<int:pk>/annehmen/", views.accept_request, name="accept"),
    path("anfragen/<int:pk>/ablehnen/", views.decline_request, name="decline"),
    path("anfragen/<int:pk>/uebergeben/", views.hand_over_request, name="hand_over"),
    path("anfragen/<int:pk>/erledigt/", views.close_request, name="close"),
    path("anfragen/<int:pk>/zurueckziehen/", views.withdraw_request, name="withdraw"),
    path("begleitungen/neu/", views.start_coaching, name="start_coaching"),
    path("begleitungen/<int:pk>/", views.coaching_detail, name="coaching"),
    path("begleitungen/<int:pk>/termin/", views.log_session, name="log_session"),
    path("begleitungen/<int:pk>/einwilligung/", views.consent, name="consent"),
    path("begleitungen/<int:pk>/annehmen/", views.accept_coaching, name="accept_coaching"),
    path("begleitungen/<int:pk>/beenden/", views.end_coaching, name="end_coaching"),
    path("sprechstunde/", views.log_group_session, name="group_session"),
    path("termine/<int:pk>/erledigt/", views.complete_follow_up, name="follow_up_done"),
    path("kompetenz-check/", views.self_check, name="self_check"),
    path("kompetenz-check/<int:pk>/", views.self_check_result, name="self_check_result"),
]
