from django.urls import path

from lotsa.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("organisationer/", views.organisation_list, name="organisations"),
    path("organisationer/ny/", views.organisation_create, name="organisation_create"),
    path("organisationer/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path(
        "organisationer/<int:organisation_id>/medlemskommun/",
        views.member_add,
        name="member_add",
    ),
    path("organisationer/<int:organisation_id>/myndighet/", views.partner_add, name="partner_add"),
    path(
        "organisationer/<int:organisation_id>/riktlinje/",
        views.guideline_install,
        name="guideline_install",
    ),
    path(
        "organisationer/<int:organisation_id>/tom-riktlinje/",
        views.guideline_start,
        name="guideline_start",
    ),
    path("organisationer/<int:organisation_id>/enhet/", views.unit_add, name="unit_add"),
    path(
        "organisationer/<int:organisation_id>/personal/",
        views.staff_import,
        name="staff_import",
    ),
]
