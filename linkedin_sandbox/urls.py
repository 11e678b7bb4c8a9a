app_name = "sandbox"

urlpatterns = []
