from django.urls import path

from jobs import career_views as views

app_name = "careers"

urlpatterns = [
    path("", views.career_list, name="list"),
    path("<str:code>/", views.career_detail, name="detail"),
]
