"""The e-approval pages under /approval/, one namespace (`approval`), one URL module per area.
Each area module holds a plain `urlpatterns` list; this package joins them."""

from approval.urls import boxes, documents, drafting, pdf

app_name = "approval"
urlpatterns = [
    *pdf.urlpatterns,
    *drafting.urlpatterns,
    *boxes.urlpatterns,
    *documents.urlpatterns,
]
