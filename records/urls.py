from django.urls import path

from records import disposal_views, legacy_views, search_views, views

app_name = "records"
urlpatterns = [
    path("", views.register, name="register"),
    path("files/", views.files, name="files"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("<int:pk>/content/", views.record_content, name="content"),
    path("<int:pk>/file-under/", views.record_file_under_view, name="file_under"),
    path("<int:pk>/move/", views.record_move_view, name="move"),
    path("paper/new/", views.paper_new, name="paper_new"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/arrangement/", views.arrangement, name="arrangement"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("readings/", views.readings, name="readings"),
    path("fixity/", views.fixity, name="fixity"),
    path("production-report/", views.production_report, name="production_report"),
    # 평가·폐기, 법적 보존, 비공개 재분류, BagIt 이관 패키지 (records.disposal_views)
    path("disposals/", disposal_views.disposals, name="disposals"),
    path("disposals/<int:pk>/", disposal_views.disposal_detail, name="disposal"),
    path("disposals/<int:pk>/certificate/", disposal_views.disposal_certificate, name="disposal_certificate"),
    path("committee/sign/<str:token>/", disposal_views.committee_sign, name="committee_sign"),
    path("holds/", disposal_views.holds, name="holds"),
    path("reclassification/", disposal_views.reclassification, name="reclassification"),
    path("reclassification/<int:pk>/", disposal_views.reclassify_record, name="reclassify"),
    path("reclassification/items/<int:pk>/drop/", disposal_views.reclassify_drop, name="reclassify_drop"),
    path("reclassification/plans/<int:pk>/submit/", disposal_views.reclassification_submit, name="reclassify_submit"),
    path("files/<int:pk>/bagit/", disposal_views.file_bag, name="file_bag"),
    path("transfers/<int:pk>/bagit/", disposal_views.transfer_bag, name="transfer_bag"),
    path("search/", search_views.search, name="search"),
    path("legacy-import/", legacy_views.legacy_import_view, name="legacy_import"),
]
