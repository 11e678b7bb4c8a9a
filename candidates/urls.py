from django.urls import path

from candidates import views

app_name = "candidates"

urlpatterns = [
    path("candidates/", views.candidate_list, name="list"),
    path("talent-pools/", views.pool_list, name="pools"),
]
