from django.apps import AppConfig


class LinkedinIntegrationConfig(AppConfig):
    name = "linkedin_integration"
    verbose_name = "LinkedIn integration"
