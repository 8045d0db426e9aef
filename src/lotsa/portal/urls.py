from django.urls import path

from lotsa.portal import attendance_views, oidc, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.sign_in, name="sign_in"),
    path("sprak/", views.language_set, name="language_set"),
    path("vem-har-tittat/", views.access_log, name="access_log"),
    path("ansok/", views.self_referral, name="self_referral"),
    path("ansok/skickad/", views.self_referral_sent, name="self_referral_sent"),
    path("ansok/e-legitimation/", oidc.ApplicantOIDCStartView.as_view(), name="self_referral_eid"),
    path(
        "ansok/utan-e-legitimation/",
        views.self_referral_without_eid,
        name="self_referral_without_eid",
    ),
    path("logga-in/kod/", views.sign_in_code, name="sign_in_code"),
    path("logga-in/e-legitimation/", oidc.ParticipantOIDCStartView.as_view(), name="oidc_start"),
    path("logga-in/e-legitimation/svar/", oidc.callback, name="oidc_callback"),
    path("plan/", views.plan, name="plan"),
    path("plan/ny/<str:kind>/", views.own_activity_add, name="own_activity_add"),
    path("plan/egen/<int:own_id>/status/", views.own_activity_progress, name="own_progress"),
    path("plan/aktivitet/<int:activity_id>/klar/", views.activity_mark_done, name="mark_done"),
    path("plan/<str:kind>/<int:step_id>/", views.step, name="step"),
    path("meddelanden/", views.messages_home, name="messages"),
    path("meddelanden/nytt/", views.thread_new, name="thread_new"),
    path("meddelanden/<int:thread_id>/", views.thread, name="thread"),
    path("moten/<int:meeting_id>/", views.meeting, name="meeting"),
    path("moten/<int:meeting_id>/kalender.ics", views.meeting_calendar, name="meeting_calendar"),
    path("narvaro/", attendance_views.attendance_list, name="attendance"),
    path(
        "narvaro/<int:report_id>/",
        attendance_views.attendance_report,
        name="attendance_report",
    ),
    path("samtycken/<int:consent_id>/aterkalla/", views.consent_revoke, name="consent_revoke"),
]
