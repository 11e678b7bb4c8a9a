from django.urls import path

from candidates import career as views

app_name = "career_apply"

urlpatterns = [
    path("<str:code>/apply/", views.apply, name="apply"),
    path("<str:code>/apply/thanks/", views.thanks, name="thanks"),
]
