from django.urls import path

from lotsa.api import views
from lotsa.api.v1 import api

app_name = "api"
urlpatterns = [
    path("v1/", api.urls),
    path("konton/", views.account_list, name="accounts"),
    path("konton/nytt/", views.account_create, name="account_create"),
    path("konton/<int:account_id>/sparra/", views.account_revoke, name="account_revoke"),
]
