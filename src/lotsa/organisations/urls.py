from django.urls import path

from lotsa.organisations import views

app_name = "organisations"
urlpatterns = [
    path("enheter/", views.unit_list, name="units"),
    path("enheter/ny/", views.unit_edit, name="unit_create"),
    path("enheter/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("stadsdelar/", views.district_list, name="districts"),
    path("anvandare/", views.user_list, name="users"),
    path("anvandare/ny/", views.user_edit, name="user_create"),
    path("anvandare/<int:user_id>/", views.user_edit, name="user_edit"),
    path("anvandare/<int:user_id>/inbjudan/", views.user_invite, name="user_invite"),
]
