"""Reading article files: encodings, refusals, sentences."""

from __future__ import annotations

import pytest

from idlibmap.article import Sentences, load_article, looks_binary, sentence_spans
from idlibmap.errors import ArticleError


def test_utf8_with_bom_reads_cleanly(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffFighting near Ma‘arrat an-Nu‘mān.".encode())
    article = load_article(path)
    assert article.text.startswith("Fighting") and article.encoding == "utf-8" and not article.warnings


def test_latin_text_falls_back_with_a_warning_naming_the_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("First line.\nTroops left Sévaré and Ségou.\n".encode("cp1252"))
    article = load_article(path)
    assert "Sévaré" in article.text
    assert article.encoding == "cp1252"
    assert len(article.warnings) == 1 and f"{path}:2:" in article.warnings[0] and "cp1252" in article.warnings[0]


def test_utf16_with_bom_is_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Shelling hit Aleppo.".encode("utf-16"))
    assert load_article(path).text == "Shelling hit Aleppo."


@pytest.mark.parametrize("data, fragment", [
    (b"", "is empty"),
    (b"   \n\t\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
])
def test_files_without_text_are_refused(tmp_path, data, fragment):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError, match=fragment) as raised:
        load_article(path)
    assert str(path) in str(raised.value)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(ArticleError, match="article file not found"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)


def test_binary_detection_spares_ordinary_text():
    assert not looks_binary(b"Plain text, with tabs\tand\r\nnew lines.")
    assert looks_binary(b"abc\x00def")


def test_sentences_skip_abbreviations_and_split_paragraphs():
    text = 'Mr. Smith flew to Washington. U.S. officials said "No!" Then they left.\n\nHeadline\nline two.'
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == ["Mr. Smith flew to Washington.", 'U.S. officials said "No!"', "Then they left.",
                         "Headline\nline two."]


def test_sentence_at_offset(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One here.  Two  is\nthere. Three.", encoding="utf-8")
    article = load_article(path)
    assert article.sentence_at(article.text.index("there")) == "Two is there."


def test_sentences_are_found_once_and_looked_up_by_offset():
    text = "  First one. Second one here."
    sentences = Sentences(text)
    assert sentences.at(0) == "" and sentences.at(text.index("First")) == "First one."
    assert sentences.at(text.index("here")) == "Second one here." and sentences.at(len(text)) == "Second one here."
