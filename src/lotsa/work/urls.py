from django.urls import path

from lotsa.work import views

app_name = "work"
urlpatterns = [
    path("arbetsgivare/", views.employer_list, name="employers"),
    path("arbetsgivare/ny/", views.employer_edit, name="employer_create"),
    path("arbetsgivare/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("arbetsgivare/<int:employer_id>/andra/", views.employer_edit, name="employer_edit"),
    path(
        "arbetsgivare/<int:employer_id>/kontaktpersoner/ny/",
        views.employer_contact_add,
        name="employer_contact_add",
    ),
    path(
        "arbetsgivare/<int:employer_id>/avtal/ny/",
        views.employer_agreement_add,
        name="employer_agreement_add",
    ),
    path(
        "arbetsgivare/<int:employer_id>/kontakter/ny/",
        views.employer_contact_log_add,
        name="employer_contact_log_add",
    ),
    path("arenor/", views.training_arena_list, name="arenas"),
    path("arenor/ny/", views.training_arena_edit, name="arena_create"),
    path("arenor/<int:arena_id>/", views.training_arena_edit, name="arena_edit"),
]
