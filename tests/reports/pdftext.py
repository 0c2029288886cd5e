"""Reading a generated PDF as a person would: its text per page (pdftotext), its page sizes and images (poppler)."""

import re
import subprocess
import tempfile
from pathlib import Path


def pages(content: bytes) -> list[str]:
    """The text of each page, whitespace folded to single spaces."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    texts = result.stdout.decode("utf-8").split("\f")
    if texts and not texts[-1].strip():
        texts = texts[:-1]
    return [" ".join(text.split()) for text in texts]


def page_sizes(content: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(content)
        result = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, check=True,
                                text=True)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", result.stdout)]


def images_per_page(content: bytes) -> dict[int, int]:
    """How many images each page draws (pdfimages -list), page number -> count."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(content)
        result = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True)
    counts: dict[int, int] = {}
    for line in result.stdout.splitlines()[2:]:
        fields = line.split()
        if fields and fields[0].isdigit() and fields[2] == "image":  # smask rows are a transparent image's alpha
            counts[int(fields[0])] = counts.get(int(fields[0]), 0) + 1
    return counts
