from django.urls import path

from approval.views import boxes as views

# Each box is one route, named by its key (approval:waiting, approval:drafted …); 결재대기함 lands.
ROUTES = {
    "waiting": "",
    "drafted": "drafted/",
    "in_progress": "in-progress/",
    "completed": "completed/",
    "returned": "returned/",
    "circulation": "circulation/",
    "department": "department/",
    "post_approval": "post-approval/",
}

urlpatterns = [path(route, views.box, {"key": key}, name=key) for key, route in ROUTES.items()]
