from django.urls import path

from attract import admin_center_views as views
from attract import career_site_views

app_name = "admin_center"

urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("process/", views.process_template, name="process"),
    path("process/stages/new/", views.process_stage_add, name="process_stage_add"),
    path("process/stages/<int:pk>/rename/", views.process_stage_rename, name="process_stage_rename"),
    path("process/stages/<int:pk>/move/", views.process_stage_move, name="process_stage_move"),
    path("process/stages/<int:pk>/remove/", views.process_stage_remove, name="process_stage_remove"),
    path("process/prospect/", views.process_prospect, name="process_prospect"),
    path("career-site/", career_site_views.settings_tab, name="career_site"),
]
