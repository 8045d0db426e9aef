from django.urls import path

from lotsa.portal import oidc, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.sign_in, name="sign_in"),
    path("sprak/", views.language_set, name="language_set"),
    path("vem-har-tittat/", views.access_log, name="access_log"),
    path("ansok/", views.self_referral, name="self_referral"),
    path("ansok/skickad/", views.self_referral_sent, name="self_referral_sent"),
    path("logga-in/kod/", views.sign_in_code, name="sign_in_code"),
    path("logga-in/e-legitimation/", oidc.ParticipantOIDCStartView.as_view(), name="oidc_start"),
    path("logga-in/e-legitimation/svar/", oidc.callback, name="oidc_callback"),
    path("samtycken/<int:consent_id>/aterkalla/", views.consent_revoke, name="consent_revoke"),
]
