from django.urls import path

from approval.views import documents as views

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/redraft/", views.redraft, name="redraft"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/edit/", views.edit, name="edit_body"),
    path("<int:pk>/post-approve/", views.post_approve, name="post_approve"),
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/readers/grant/", views.grant_read, name="grant_read"),
    path("<int:pk>/readers/revoke/", views.revoke_read, name="revoke_read"),
]
