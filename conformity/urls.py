from django.urls import path

from conformity import views

app_name = "conformity"

urlpatterns = [
    path(
        "cong-bo-iso/<int:pk>/quyet-dinh.pdf",
        views.public_decision,
        name="public_decision",
    ),
]
