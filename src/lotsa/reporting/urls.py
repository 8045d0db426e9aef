from django.urls import path

from lotsa.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("kolada/", views.kolada, name="kolada"),
    path("esf/", views.esf, name="esf"),
    path("socialstyrelsen/", views.socialstyrelsen, name="socialstyrelsen"),
    path("koder/", views.codes, name="codes"),
    path("koder/<str:kind>/<str:key>/", views.code_edit, name="code_edit"),
]
