from django.urls import path

from lotsa.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.<str:fmt>", views.board_export, name="board_export"),
    path("skr/", views.skr, name="skr"),
    path("langvarigt-stod/", views.long_term_view, name="long_term"),
    path("samhallsekonomi/", views.evaluation_view, name="evaluation"),
    path("samhallsekonomi/antaganden/", views.assumptions_edit, name="assumptions"),
]
