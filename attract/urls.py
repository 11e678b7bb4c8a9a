from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from attract import career_site_views, views
from attract.signin import SignInForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Before the other apps: LinkedIn's callback and feed fetches are the busiest requests.
    path("", include("linkedin_integration.urls")),
    path("", views.home, name="home"),
    path("settings/time-zone/", views.time_zone_save, name="time_zone_save"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin-center/", include("attract.admin_center_urls")),
    path("jobs/", include("jobs.urls")),
    # The career site's brand, before the career pages' own paths.
    path("careers/brand.css", career_site_views.stylesheet, name="career_site_css"),
    path("careers/brand-logo", career_site_views.logo, name="career_site_logo"),
    path("careers/", include("jobs.career_urls")),
    path("careers/", include("candidates.career_urls")),
    path("", include("candidates.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.LINKEDIN_SANDBOX:
    urlpatterns.append(path("sandbox/linkedin/", include("linkedin_sandbox.urls")))
