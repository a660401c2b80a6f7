"""The rich-text editor in a real browser: centre staff write an article with
headings, bold, a list and a link, paste from a word processor (a styled
paragraph and a table) and save; the article shows that structure and none
of the styling, classes or scripts. The toolbar and the text area are named
for screen readers (axe finds nothing) and Tab leaves the editor."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from stakeholders.models import Role
from tests.factories import CountryFactory, OrganisationFactory, RoleAssignmentFactory
from tests.factories.activities_extra import InformationCentreFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD_HTML = (
    '<meta name="Generator" content="Microsoft Word 15">'
    '<p class="MsoNormal" style="color:red;font-family:Calibri">'
    '<span style="mso-bidi-font-weight:bold">Pasted from Word with </span>'
    "<b>a bold word</b></p>"
    '<table class="MsoTableGrid" border="1" style="border-collapse:collapse">'
    "<tr><td style='border:solid windowtext 1.0pt'>Year</td><td>Tigers</td></tr>"
    "<tr><td>2025</td><td>70</td></tr></table>"
    "<script>window.pasted = true</script>"
)


@pytest.fixture
def staff():
    china = CountryFactory(code="CN")
    InformationCentreFactory(
        slug="feline-research-center",
        name="Feline Research Center of the NFGA",
        host=OrganisationFactory(name="Feline Research Center", country=china),
        country=china,
    )
    return RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=china).user


def test_write_and_paste_in_the_editor_and_save_sanitised_structure(new_page, axe, staff):
    page = new_page(session_user=staff)
    page.goto("/news/new/")
    editor = page.get_by_role("textbox", name="Text:", exact=True)
    expect(editor).to_be_visible()
    toolbar = page.get_by_role("toolbar", name="Text formatting")
    expect(toolbar.get_by_role("button", name="Heading", exact=True)).to_be_visible()
    axe(page)

    page.locator("#id_title").fill("Snare removal in Hunchun")
    page.locator("#id_summary").fill("Rangers removed snares along the border.")
    page.locator("#id_status").select_option("published")

    editor.click()
    toolbar.get_by_role("button", name="Heading", exact=True).click()
    page.keyboard.type("Rangers in the field")
    page.keyboard.press("Enter")
    page.keyboard.type("Snares were ")
    page.keyboard.press("Control+b")
    page.keyboard.type("removed")
    page.keyboard.press("Control+b")
    page.keyboard.type(" on both sides.")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Hunchun")
    page.keyboard.press("Enter")
    page.keyboard.type("Land of the Leopard")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # ends the list
    editor.evaluate(
        """(root, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Pasted from Word");
            const options = {clipboardData: data, bubbles: true, cancelable: true};
            root.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        WORD_HTML,
    )
    expect(editor.locator("table td").first).to_have_text("Year")
    assert not page.evaluate("() => window.pasted === true")

    # Tab leaves the editor (never a trap) for the next field.
    editor.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.classList.contains('ql-editor')")
    axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    body = Article.objects.get().body
    assert "<h2>Rangers in the field</h2>" in body
    assert "<strong>removed</strong>" in body
    assert "<ul><li>Hunchun</li><li>Land of the Leopard</li></ul>" in body
    assert "<strong>a bold word</strong>" in body
    assert "<table>" in body and "<td>Tigers</td>" in body and "<td>70</td>" in body
    for residue in ("style=", "class=", "Mso", "<span", "<script", "pasted = true", "&nbsp;"):
        assert residue not in body, residue
    shown = page.get_by_role("main")
    expect(shown.get_by_role("heading", name="Rangers in the field")).to_be_visible()
    expect(shown.get_by_role("table").get_by_role("cell", name="Tigers")).to_be_visible()
    axe(page)


def test_without_javascript_plain_text_keeps_its_paragraphs(browser, live_server, staff):
    from tests.browser.conftest import sign_in_by_cookie

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        sign_in_by_cookie(context, staff, live_server.url)
        page = context.new_page()
        page.goto("/news/new/")
        page.locator("#id_title").fill("Plain text article")
        page.locator("#id_summary").fill("Typed without the editor.")
        page.locator("#id_body").fill("First paragraph.\n\nSecond paragraph,\nsecond line.")
        page.locator("#id_status").select_option("published")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url("**/news/plain-text-article/")
    finally:
        context.close()
    body = Article.objects.get().body
    assert body == "<p>First paragraph.</p><p>Second paragraph,<br>second line.</p>"
