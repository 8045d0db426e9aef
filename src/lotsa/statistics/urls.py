from django.urls import path

from lotsa.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.<str:fmt>", views.board_export, name="board_export"),
    path("styrelserapport.pdf", views.board_pdf, name="board_pdf"),
    path("utskrift.css", views.board_print_css, name="board_print_css"),
    path("nyckeltal/", views.board_summary_view, name="summary"),
    path("nyckeltal/kolada/", views.kolada_import_view, name="kolada_import"),
    path("skr/", views.skr, name="skr"),
    path("langvarigt-stod/", views.long_term_view, name="long_term"),
    path("lika-tillgang/", views.equal_access_view, name="equal_access"),
    path("lika-tillgang/befolkning/", views.population_import, name="population_import"),
    path("samhallsekonomi/", views.evaluation_view, name="evaluation"),
    path("samhallsekonomi/antaganden/", views.assumptions_edit, name="assumptions"),
]
