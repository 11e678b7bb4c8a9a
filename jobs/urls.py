from django.urls import path

from jobs import views

app_name = "jobs"

# /jobs/<id>/ itself is the job's pipeline board, served by candidates (see attract/urls.py).
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_create, name="create"),
    path("<int:pk>/details/", views.job_edit, name="details"),
    path("<int:pk>/process/", views.job_process, name="process"),
    path("<int:pk>/process/change/", views.job_process_change, name="process_change"),
    path("<int:pk>/team/", views.job_team, name="team"),
    path("<int:pk>/team/<int:member_pk>/remove/", views.job_team_remove, name="team_remove"),
    path("<int:pk>/activate/", views.job_activate, name="activate"),
    path("<int:pk>/reopen/", views.job_reopen, name="reopen"),
]
