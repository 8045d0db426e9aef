from django.urls import path

from lotsa.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.<str:fmt>", views.board_export, name="board_export"),
]
