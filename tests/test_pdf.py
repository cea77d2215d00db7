"""PDF out of the box: a real multi-page PDF (drawn with matplotlib's PDF backend) is ingested with the real
embedder and Chroma, and a fact printed only on page 2 is retrieved, cited with its page; a damaged PDF is
refused in one clear line and the rest of the knowledge folder is still ingested."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import make_settings

PAGES = [
    ["Field notes on tree ensembles", "Random forests average the votes of many decision trees.",
     "Each tree is grown on a bootstrap sample of the rows."],
    ["Appendix: the lantern heuristic",
     "The lantern heuristic stops training after seventeen rounds without improvement.",
     "It is named after a lighthouse keeper who counted waves."],
]


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A real PDF, one page per list of lines, with its text embedded as TrueType (extractable) glyphs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    with plt.rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        for lines in pages:
            figure = plt.figure(figsize=(8.27, 11.69))  # A4
            for i, line in enumerate(lines):
                figure.text(0.08, 0.92 - 0.04 * i, line, fontsize=12)
            pdf.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf-knowledge")
    (folder / "ensembles.pdf").write_bytes(pdf_bytes(PAGES))
    return folder


def test_a_fact_on_page_two_of_a_pdf_is_retrieved_with_its_page(knowledge, tmp_path):
    from tutor.ingest import ingest
    from tutor.retrieval import Retriever

    settings = make_settings(tmp_path, knowledge_dir=knowledge)
    report = ingest(settings)
    assert report.files_changed == ["ensembles.pdf"] and not report.errors, report.summary()
    best = Retriever(settings).search("After how many rounds without improvement does the lantern heuristic stop?",
                                      k=1)[0]
    assert "seventeen rounds" in best.text and best.source == "ensembles.pdf"
    assert best.section == "Page 2"


def test_a_damaged_pdf_is_refused_in_one_line_and_the_others_are_still_ingested(knowledge, tmp_path):
    from tutor.ingest import ingest
    from tutor.knowledge import DocumentError, parse_document

    good = (knowledge / "ensembles.pdf").read_bytes()
    damaged = good[:200] + b"\x00garbage" * 50  # the header survives, the objects and the cross-reference do not
    with pytest.raises(DocumentError) as refused:
        parse_document("scan.pdf", damaged, 5_000_000)
    message = str(refused.value)
    assert message.startswith("scan.pdf: cannot read this PDF") and "\n" not in message

    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(damaged)
    (folder / "ensembles.pdf").write_bytes(good)
    report = ingest(make_settings(tmp_path, knowledge_dir=folder))
    assert report.errors == [message] and report.files_changed == ["ensembles.pdf"]
