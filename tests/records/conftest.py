from __future__ import annotations

import pytest

from tests.factories.approval import Org, org_chart


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha, media) -> Org:
    return org_chart()


# beta's receiving side (registrar, 기획팀 …), as the receipts tests build it.
from tests.receipts.conftest import office  # noqa: E402, F401
