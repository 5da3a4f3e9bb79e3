"""Pages of org every site has: the people search behind the people pickers."""

from django.urls import path

from org import views

app_name = "org"

urlpatterns = [
    path("people/", views.people, name="people"),
]
