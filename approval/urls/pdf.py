from django.urls import path

from approval.views import pdf as views

urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="pdf"),
]
