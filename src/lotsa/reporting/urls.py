from django.urls import path

from lotsa.reporting import survey_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("kolada/", views.kolada, name="kolada"),
    path("esf/", views.esf, name="esf"),
    path("socialstyrelsen/", views.socialstyrelsen, name="socialstyrelsen"),
    path("skr/", views.skr, name="skr"),
    path("finsam/", views.finsam, name="finsam"),
    path("koder/", views.codes, name="codes"),
    path("koder/<str:kind>/<str:key>/", views.code_edit, name="code_edit"),
    path("personal/", survey_views.staff, name="staff"),
    path("personal/<int:year>/<int:unit_id>/", survey_views.staff_edit, name="staff_edit"),
    path("insatser/", survey_views.insatser, name="insatser"),
    path("insatser/ny/", survey_views.insats_create, name="insats_create"),
    path("insatser/<int:insats_id>/", survey_views.insats_edit, name="insats_edit"),
    path("insatser/<int:insats_id>/<int:year>/", survey_views.insats_year, name="insats_year"),
    path("filer/", survey_views.kept, name="kept"),
    path("filer/<int:kept_id>/", survey_views.kept_download, name="kept_download"),
]
