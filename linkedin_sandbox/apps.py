from django.apps import AppConfig


class LinkedinSandboxConfig(AppConfig):
    name = "linkedin_sandbox"
    verbose_name = "LinkedIn sandbox"
