"""The house's layout rules that Streamlit would otherwise break silently."""

from pathlib import Path

from kesos import navigation

ROOT = Path(__file__).resolve().parent.parent


def test_no_page_script_lies_directly_in_pages():
    # A script directly in pages/ switches Streamlit into its old multipage mode, which serves a
    # deep-linked script without app.py and so without login.
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


def test_every_page_script_lives_in_a_section_folder_and_exists():
    for spec in navigation.PAGES:
        path = ROOT / spec.script
        assert path.is_file(), spec.script
        assert path.parent.parent == ROOT / "pages", spec.script
