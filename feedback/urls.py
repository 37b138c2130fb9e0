from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("phan-anh/<int:unit_id>/", views.complaint, name="complaint"),
    path("tra-cuu-phan-anh/", views.complaint_status, name="complaint_status"),
]
