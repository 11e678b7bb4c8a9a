
app_name = "career_apply"

urlpatterns: list = []
