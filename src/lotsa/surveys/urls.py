from django.urls import path

from lotsa.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/", views.survey_create, name="create"),
    path("mallar/<slug:key>/installera/", views.template_install, name="template_install"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/stang/", views.survey_close, name="close"),
    path("<int:survey_id>/resultat/", views.results, name="results"),
    path("fragor/<int:question_id>/ta-bort/", views.question_remove, name="question_remove"),
    path("arenden/<int:case_id>/skicka/", views.send, name="send"),
    path("svara/<str:token>/", views.answer, name="answer"),
    path("mina/<int:invitation_id>/", views.answer_mine, name="answer_mine"),
]
