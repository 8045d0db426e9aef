from django.urls import path

from lotsa.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("parter/", views.partner_list, name="partners"),
    path("parter/ny/", views.partner_edit, name="partner_create"),
    path("parter/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("parter/<int:partner_id>/andra/", views.partner_edit, name="partner_edit"),
    path(
        "parter/<int:partner_id>/kontaktpersoner/ny/",
        views.partner_contact_add,
        name="partner_contact_add",
    ),
    path(
        "kontaktpersoner/<int:contact_id>/anvandare/",
        views.partner_user_create,
        name="partner_user_create",
    ),
    path("deltagare/<int:participant_id>/samtycken/", views.consent_list, name="consents"),
    path(
        "deltagare/<int:participant_id>/samtycken/nytt/",
        views.consent_register,
        name="consent_register",
    ),
    path("samtycken/<int:consent_id>/aterkalla/", views.consent_revoke, name="consent_revoke"),
    path("arenden/<int:case_id>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("moten/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:meeting_id>/utfall/", views.meeting_outcome, name="meeting_outcome"),
    path("personer/", views.partner_people, name="partner_people"),
    path("remiss/", views.partner_referral, name="partner_referral"),
    path("personer/<int:participant_id>/", views.partner_person, name="partner_person"),
]
