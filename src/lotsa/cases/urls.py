from django.urls import path

from lotsa.cases import views

app_name = "cases"
urlpatterns = [
    path("mina/", views.my_cases, name="my_cases"),
    path("enheten/", views.unit_cases, name="unit_cases"),
    path("enheten/flytta/", views.cases_reassign, name="reassign"),
    path("urval/", views.saved_filter_save, name="saved_filter_save"),
    path("urval/<int:saved_id>/ta-bort/", views.saved_filter_delete, name="saved_filter_delete"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/ny/", views.catalogue_edit, name="catalogue_create"),
    path("katalog/<int:activity_type_id>/", views.catalogue_edit, name="catalogue_edit"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/planhistorik/", views.plan_history, name="plan_history"),
    path("<int:case_id>/din-plan/", views.participant_plan, name="participant_plan"),
    path("<int:case_id>/mal/nytt/", views.goal_add, name="goal_add"),
    path("<int:case_id>/mal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:case_id>/mal/<int:goal_id>/ta-bort/", views.goal_remove, name="goal_remove"),
    path("<int:case_id>/aktiviteter/ny/", views.activity_add, name="activity_add"),
    path("<int:case_id>/aktiviteter/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path(
        "<int:case_id>/aktiviteter/<int:activity_id>/ta-bort/",
        views.activity_remove,
        name="activity_remove",
    ),
    path(
        "<int:case_id>/uppfoljningar/<int:follow_up_id>/",
        views.follow_up_record,
        name="follow_up_record",
    ),
    path("<int:case_id>/egna-aktiviteter/<int:own_id>/", views.own_activity, name="own_activity"),
    path(
        "<int:case_id>/aktiviteter/<int:activity_id>/kommentarer/",
        views.activity_comments,
        name="activity_comments",
    ),
    path("<int:case_id>/avsluta/", views.case_close, name="close"),
    *(
        path(f"<int:case_id>/{action.path}/", views.case_status_view(action), name=action.name)
        for action in views.case_status_actions
    ),
]
