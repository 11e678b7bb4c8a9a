from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("jobs/<int:pk>/", views.job_pipeline, name="job_pipeline"),
    path("jobs/<int:pk>/stages/<int:stage_pk>/", views.pipeline_column, name="pipeline_column"),
    path("jobs/<int:pk>/close/", views.job_close, name="job_close"),
    path("candidates/", views.candidate_list, name="list"),
    path("candidates/new/", views.candidate_create, name="create"),
    path("candidates/<int:pk>/", views.candidate_detail, name="detail"),
    path("candidates/<int:pk>/edit/", views.candidate_edit, name="edit"),
    path("candidates/<int:pk>/activity/", views.candidate_activity, name="activity"),
    path("candidates/<int:pk>/resume/", views.candidate_resume, name="resume"),
    path("candidates/<int:pk>/add-to-job/", views.candidate_add_to_job, name="add_to_job"),
    path("candidates/<int:pk>/add-to-pool/", views.candidate_add_to_pool, name="add_to_pool"),
    path("candidates/<int:pk>/notes/", views.note_add, name="note_add"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    path("applications/<int:pk>/hire/", views.application_hire, name="application_hire"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/reopen/", views.application_reopen, name="application_reopen"),
    path("applications/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("applications/<int:pk>/resume/", views.application_resume, name="application_resume"),
    path("talent-pools/", views.pool_list, name="pools"),
    path("talent-pools/new/", views.pool_create, name="pool_create"),
    path("talent-pools/<int:pk>/", views.pool_detail, name="pool"),
    path("talent-pools/<int:pk>/rename/", views.pool_rename, name="pool_rename"),
    path("talent-pools/<int:pk>/delete/", views.pool_delete, name="pool_delete"),
    path("talent-pools/<int:pk>/add/", views.pool_add, name="pool_add"),
    path("talent-pools/<int:pk>/remove/", views.pool_remove, name="pool_remove"),
    path("talent-pools/<int:pk>/push/", views.pool_push, name="pool_push"),
]
