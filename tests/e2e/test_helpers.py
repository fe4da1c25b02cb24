"""The axe helper really finds violations and names them readably, so a green run means something."""

import pytest

from tests.e2e.helpers import axe_violations, format_violations

pytestmark = pytest.mark.e2e


def test_axe_reports_an_unlabelled_field_and_an_image_without_alt(page):
    page.set_content(
        '<html lang="de"><head><title>Probe</title></head><body><main>'
        '<img src="data:," id="bild"><input type="text" id="feld"></main></body></html>'
    )
    violations = axe_violations(page)
    assert {"image-alt", "label"} <= {violation["id"] for violation in violations}
    message = format_violations(violations)
    assert "image-alt (critical)" in message
    assert "#bild" in message and '<input type="text" id="feld">' in message


def test_axe_leaves_out_only_what_it_is_told_to(page):
    page.set_content(
        '<html lang="de"><head><title>Probe</title></head><body><main>'
        '<div class="fremd"><input type="text" id="fremd"></div><input type="text" id="eigen"></main></body></html>'
    )
    violations = axe_violations(page, exclude=(".fremd",))
    targets = [node["target"] for violation in violations for node in violation["nodes"]]
    assert targets == [["#eigen"]]
