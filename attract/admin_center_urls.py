from django.urls import path

from attract import admin_center_views as views
from attract import views as base_views

app_name = "admin_center"

urlpatterns = [
    path("", base_views.admin_center, name="index"),
    path("users/", views.users, name="users"),
    path("process/", views.process_template, name="process"),
]
