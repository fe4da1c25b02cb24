"""Printing the A4 poster in Chromium: one portrait sheet in every language, whose QR code a phone can read."""

import io

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.utils.translation import get_language_info
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

A4_POINTS = (595, 842)  # 210 × 297 mm at 72 points per inch
# About what a phone camera resolves on a poster from a step away; a sharper scan would make decoding too easy.
RENDER_DPI = 150
# The sheet's measure (A4 less the 15 mm margins of @page) in CSS pixels, for looking at the print layout.
SHEET_WIDTH_PX = round(180 / 25.4 * 96)

# Which of the poster's parts lie outside the sheet, i.e. are cut off on paper.
CUT_OFF = """() => {
    const sheet = document.querySelector('.lh-poster').getBoundingClientRect();
    return ['.lh-poster__title', '.lh-poster__qr', '.lh-poster__url', '.lh-poster__offline', '.lh-poster__date']
        .filter(selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top < sheet.top || box.bottom > sheet.bottom;
        });
}"""


def print_to_pdf(page, path):
    """The poster as the browser's print dialog makes it: A4 as the page's @page rule asks, with backgrounds."""
    response = page.goto(path)
    assert response.status == 200, path
    return page.pdf(format="A4", prefer_css_page_size=True, print_background=True)


def decoded_qr_codes(pdf):
    """The texts of the QR codes a decoder finds on the first sheet, rendered as a phone would see it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=RENDER_DPI / 72).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def assert_one_a4_sheet_leading_to(pdf, url):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, f"{len(reader.pages)} sheets instead of one"
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS, "not A4 portrait"
    assert decoded_qr_codes(pdf) == [url]


def cut_off_parts(page):
    """The poster's parts that the sheet cuts off, in the print layout at the sheet's width."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": SHEET_WIDTH_PX, "height": viewport["height"]})
    page.emulate_media(media="print")
    try:
        return page.evaluate(CUT_OFF)
    finally:
        # "null", not "screen": page.pdf() prints with the emulated media, so "screen" would stick.
        page.emulate_media(media="null")
        page.set_viewport_size(viewport)


@pytest.fixture
def posters(public_explainers):
    """The addresses of the Bürgergeld explainer's poster in German and in every language the demo has."""
    from courses.demo import loader, translate
    from courses.models import ExplainerPage

    data = loader.load()
    slug = public_explainers.entry["slug"]
    explainer = ExplainerPage.objects.get(slug=slug, locale__language_code=settings.LANGUAGE_CODE)
    # The fixture has Arabic already; translate() leaves a language alone that has the page.
    translate(explainer, {language: data.explainer_strings(language, slug) for language in data.languages})
    return {"de": public_explainers.poster} | {
        language: f"/{language}{public_explainers.poster}" for language in data.languages
    }


def test_every_language_prints_its_poster_on_one_a4_sheet_whose_qr_code_leads_to_it(make_page, posters):
    assert {"de", "en", "ar"} <= posters.keys()
    page = make_page()
    for language, path in posters.items():
        pdf = print_to_pdf(page, path)
        html = page.locator("html")
        assert html.get_attribute("lang") == language
        assert html.get_attribute("dir") == ("rtl" if get_language_info(language)["bidi"] else "ltr")
        assert_one_a4_sheet_leading_to(pdf, settings.PUBLIC_BASE_URL + path.removesuffix("poster/"))
        assert page.locator(".lh-poster--compact").count() == 0, f"{language}: the demo fits in normal type"
        assert cut_off_parts(page) == [], language


def test_posters_with_the_longest_title_and_long_steps_still_print_on_one_sheet(
    make_page, explainer_index, public_contact, django_capture_on_commit_callbacks
):
    """Title at its 255 characters, lead at its 600, long steps, in German and Arabic: smaller type, and the
    QR code, the address and the help in person still print."""
    from wagtail_localize.models import TranslationSource

    from courses.demo import translate
    from tests.factories import ExplainerPageFactory, step_block

    german, arabic = "Weiterbewilligungsantrag ", "طلب استمرار المنح "
    explainer = ExplainerPageFactory(
        parent=explainer_index,
        slug="lang",
        title=(german * 20)[:255].strip(),
        lead=(german * 40)[:600].strip(),
        # Four steps of their own (a block id each); the poster shows the first three.
        steps=[step_block(german * 3, (german * 40).strip()) for _ in range(4)],
    )
    source, _created = TranslationSource.update_or_create_from_instance(explainer)
    # Each Arabic text as long as its German one: the title at 255 characters, the lead at 600.
    strings = {
        segment.string.data: (arabic * 40)[: len(segment.string.data)].strip()
        for segment in source.stringsegment_set.select_related("string")
    }
    with django_capture_on_commit_callbacks(execute=True):
        translate(explainer, {"ar": strings})

    page = make_page()
    for path in ("/erklaert/lang/poster/", "/ar/erklaert/lang/poster/"):
        pdf = print_to_pdf(page, path)
        assert page.locator(".lh-poster--compact").count() == 1, path
        assert_one_a4_sheet_leading_to(pdf, settings.PUBLIC_BASE_URL + path.removesuffix("poster/"))
        assert cut_off_parts(page) == [], path
