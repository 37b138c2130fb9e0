from django.urls import path, re_path

from documents import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify/<str:token>/pdf/", views.release_pdf, name="release_pdf"),
    path("search/", views.search, name="search"),
    # A form (biểu mẫu) of a published release, for anyone (issue 13 part 2).
    path("bieu-mau/<int:pk>/", views.form_download, name="form_download"),
    # Wagtail's own file URL (same shape, so its links keep working), answered through our
    # wrapper: this include comes before Wagtail's in qms/urls.py.
    re_path(r"^documents/(\d+)/(.*)$", views.serve_file, name="file_serve"),
]
