from django.urls import path

from lotsa.guidelines import views

app_name = "guidelines"
urlpatterns = [
    path("", views.guideline_list, name="list"),
    path("ny/", views.guideline_create, name="create"),
    path("<int:guideline_id>/utkast/", views.draft_create, name="draft_create"),
    path("version/<int:version_id>/", views.version_detail, name="version"),
    path("version/<int:version_id>/publicera/", views.version_publish, name="publish"),
    path(
        "version/<int:version_id>/malgrupper/ny/",
        views.target_group_edit,
        name="target_group_create",
    ),
    path("malgrupper/<int:target_group_id>/", views.target_group_edit, name="target_group_edit"),
    path(
        "malgrupper/<int:target_group_id>/ta-bort/",
        views.target_group_remove,
        name="target_group_remove",
    ),
    path(
        "malgrupper/<int:target_group_id>/flytta/",
        views.target_group_move,
        name="target_group_move",
    ),
    path("version/<int:version_id>/kriterier/ny/", views.criterion_edit, name="criterion_create"),
    path("kriterier/<int:criterion_id>/", views.criterion_edit, name="criterion_edit"),
    path("kriterier/<int:criterion_id>/ta-bort/", views.criterion_remove, name="criterion_remove"),
    path("kriterier/<int:criterion_id>/flytta/", views.criterion_move, name="criterion_move"),
]
