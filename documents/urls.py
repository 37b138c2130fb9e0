from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify/<str:token>/pdf/", views.release_pdf, name="release_pdf"),
    path("search/", views.search, name="search"),
]
