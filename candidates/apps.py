from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self):
        from attract.services import user_renamed
        from candidates.services.candidates import records_touch_author

        user_renamed.connect(records_touch_author, dispatch_uid="candidates-records-touch-author")
