"""report.html as coordinators and focus groups meet it: the first screen, a projector, paper (issue 16).

Everything runs in a real headless Chromium: a screenshot, the page laid out at projector sizes (a
copy of the report with a measuring script added; the report itself has no scripts) and a print to
PDF on A4, read back with pypdf.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import html5lib
import pytest

from conftest import EXAMPLES, REPO, run
from pdf_pages import drawn_images, page_texts

pytestmark = pytest.mark.slow

MEASURE = """<script>
window.addEventListener("load", () => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY,
                                                                    height: r.height, right: r.right}; };
  const found = {
    width: innerWidth, height: innerHeight,
    figures: [...document.querySelectorAll("figure")].map((f) => ({id: f.id, box: box(f),
                                                                 visible: f.getClientRects().length > 0})),
    cards: [...document.querySelectorAll(".card")].map(box),
    todo: [...document.querySelectorAll("#te-doen li")].map(box),
    headlines: [...document.querySelectorAll("ul.headlines > li")].map(box),
  };
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>"""


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        pytest.skip("Chromium is not installed")
    return found


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{uuid.uuid4().hex}"
    command = [
        browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    return subprocess.run(command, check=True, capture_output=True, timeout=180, text=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The examples aggregated with pictures, roster and course list, as the README's first command does."""
    out = tmp_path_factory.mktemp("report")
    lists = REPO / "examples" / "lijsten"
    command = ["aggregate", str(EXAMPLES), "--out", str(out), "--roster", str(lists / "lectoren.csv"),
               "--courses", str(lists / "opleidingsonderdelen.csv")]  # fmt: skip
    result = run(*command)
    assert result.exit_code == 1, result.output  # the examples hold deliberate mistakes
    return out


def measure(report: Path, tmp_path: Path, width: int, height: int) -> dict:
    """Lay the report out in a window of width x height and return where its parts are."""
    copy = tmp_path / f"measure-{width}x{height}.html"
    copy.write_text((report / "report.html").read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"))
    done = chromium(tmp_path, f"--window-size={width},{height}", "--virtual-time-budget=10000", "--dump-dom",
                    copy.as_uri())  # fmt: skip
    found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.S)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_first_screen_tells_the_findings_and_the_desk_what_to_do(report, tmp_path):
    screenshot = tmp_path / "first-screen.png"
    chromium(tmp_path, "--window-size=1920,900", f"--screenshot={screenshot}", (report / "report.html").as_uri())
    import matplotlib.image

    pixels = matplotlib.image.imread(screenshot)
    assert pixels.shape[:2] == (900, 1920)
    assert pixels[:, :, :3].std() > 0.05, "the first screen is (nearly) blank"
    where = measure(report, tmp_path, 1920, 900)
    assert len(where["cards"]) == 6  # a card per programme that answered
    assert where["headlines"] and all(line["bottom"] <= 900 for line in where["headlines"])
    assert not where["todo"]  # the to-do list is the coordinator's
    document = html5lib.parse((report / "report.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    cards = [" ".join(" ".join(e.itertext()).split()) for e in document.iter("article")]
    ortho = next(card for card in cards if card.startswith("Orthopedagogie"))
    assert ortho.startswith("Orthopedagogie 2 respondenten Sterkst 5. Online hulp")
    assert "(2,3 – tussen goed gekaderd en geoefend)" in ortho and "Zwakst" in ortho
    # the summary comes before the reading guide and the table of contents
    html = (report / "report.html").read_text(encoding="utf-8")
    assert html.index('id="samenvatting"') < html.index("<nav") < html.index('id="leeswijzer"')
    desk = html5lib.parse((report / "desk.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    todo = " ".join(next(e for e in desk.iter() if e.get("id") == "te-doen").itertext())
    assert "Vraag Gert Jacobs (Toegepaste psychologie) om 2 cellen te verbeteren" in todo
    assert "Matrix!D9" in todo and "Matrix!E23" in todo
    assert "Dries Wouters (Pedagogie van het jonge kind) liet het blad Competenties leeg" in todo
    cards = [" ".join(" ".join(e.itertext()).split()) for e in desk.iter("article")]
    toegepast = next(card for card in cards if card.startswith("Toegepaste psychologie"))
    assert "1 respondent: Gert Jacobs" in toegepast and "Problemen 2 fouten" in toegepast


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768), (1024, 768)])
def test_every_map_fits_the_screens_width(report, tmp_path, width, height):
    where = measure(report, tmp_path, width, height)
    figures = [f for f in where["figures"] if f["visible"]]
    assert len(figures) >= 8
    for figure in figures:  # the table and its caption, without scrolling sideways
        assert figure["box"]["right"] <= width, (figure["id"], figure["box"])


def test_report_prints_on_at_most_twenty_a4_pages_without_a_heading_alone(report, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (report / "report.html").as_uri())
    pages = page_texts(pdf)
    assert 8 <= len(pages) <= 20, len(pages)
    document = html5lib.parse((report / "report.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)

    def flat(text: str) -> str:
        return " ".join(text.split())

    headings = sorted(
        {flat("".join(h.itertext())) for tag in ("h1", "h2", "h3") for h in document.iter(tag)}, key=len, reverse=True
    )
    images = drawn_images(pdf)
    for number, text in enumerate(pages, start=1):
        rest = flat(text)
        for heading in headings:
            rest = rest.replace(heading, " ")
        assert rest.strip() or images[number - 1], f"page {number} holds only a heading: {flat(text)!r}"
    # A4 landscape
    from pypdf import PdfReader

    box = PdfReader(pdf).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 297 and round(float(box.height) / 72 * 25.4) == 210
    # a map's caption is on the page where its table starts (the column of items, "Onderdeel", is under it)
    hidden = {id(f) for e in document.iter() if "print-hide" in (e.get("class") or "") for f in e.iter("figure")}
    printed = [f for f in document.iter("figure") if id(f) not in hidden]
    for figure in printed:
        caption = flat("".join(figure.find("figcaption").itertext()))
        on = [i for i, text in enumerate(pages) if caption[:40] in flat(text)]
        assert on and any("Onderdeel" in flat(pages[i]).split(caption[:40], 1)[1] for i in on), caption
    # the long tables are on screen and in coverage.xlsx, not on paper: the 120 competences are not listed
    assert sum("9.3.3 nieuwe technologie" in flat(text) for text in pages) <= 1
