from django.urls import path

from tasks.views import meetings as views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list_view, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("room-options/", views.room_options, name="room_options"),
    path("rooms/", views.rooms, name="rooms"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel_view, name="cancel"),
    path("<int:pk>/rsvp/", views.meeting_rsvp_view, name="rsvp"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/directive/", views.decision_directive, name="decision_directive"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/attach/", views.minutes_attach_view, name="minutes_attach"),
    path("<int:pk>/minutes/finalise/", views.minutes_finalise_view, name="minutes_finalise"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
