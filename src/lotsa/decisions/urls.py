from django.urls import path

from lotsa.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("ansokan/ny/", views.application_create, name="application_create"),
    path("ansokan/<int:application_id>/", views.application_detail, name="application"),
    path(
        "ansokan/<int:application_id>/utredning/",
        views.application_investigate,
        name="investigate",
    ),
    path("ansokan/<int:application_id>/beslut/", views.decision_create, name="decide"),
    path(
        "ansokan/<int:application_id>/parallella-stod/",
        views.parallel_support_add,
        name="parallel_support_add",
    ),
    path("<int:decision_id>/", views.decision_letter, name="letter"),
    path("<int:decision_id>/pdf/", views.decision_letter_pdf, name="letter_pdf"),
    path("<int:decision_id>/forlang/", views.decision_extend, name="extend"),
    path("upphor/", views.expiry_list, name="expiry"),
    path("jamlik-tillgang/", views.equal_access, name="equal_access"),
    path("delegationer/", views.delegation_list, name="delegations"),
    path(
        "delegationer/<int:delegation_id>/avsluta/",
        views.delegation_end,
        name="delegation_end",
    ),
]
