from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("phan-anh/<int:unit_id>/", views.complaint, name="complaint"),
    path("tra-cuu-phan-anh/", views.complaint_status, name="complaint_status"),
]
