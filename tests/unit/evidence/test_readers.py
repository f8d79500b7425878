from __future__ import annotations

import datetime as dt
import json

import pytest

from flashpoint.errors import ReaderError
from flashpoint.evidence.readers import (
    READERS,
    ItemError,
    count_items,
    iter_documents,
    read_path,
    sniff_format,
)
from flashpoint.evidence.readers.dates import find_dateline, parse_date
from flashpoint.evidence.records import content_hash

ARTICLE = (
    "North Korea sends troops to Russia\n\n"
    "NATO said on Monday that North Korean troops had been deployed to the Kursk region. "
    "Rutte called the deployment a significant escalation.\n"
)

PAGE = f"""<!doctype html><html><head><title>Troops | World News</title>
<meta property="og:title" content="North Korea sends troops">
<meta property="article:published_time" content="2024-11-05T10:00:00Z">
<meta property="og:url" content="https://news.example/troops">
<script>document.write("EVIL SCRIPT")</script><style>p {{color: red}}</style></head>
<body><nav>Home | World | Sport</nav><article><h1>North Korea sends troops</h1>
<p>{"NATO said on Monday that North Korean troops had been deployed to the Kursk region. " * 4}</p>
<p>Rutte said the move was a "significant escalation" [bold red]not markup[/] &amp; more.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""


def _items(tmp_path, name, data, **kw):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return list(iter_documents([path], **kw))


def _errors(items):
    return [i for i in items if isinstance(i, ItemError)]


def test_registry_has_every_format():
    assert set(READERS) == {"text", "html", "feed", "jsonl"}


def test_plain_text_keeps_text_and_finds_dateline(tmp_path):
    text = "Headline here\n\nBy Jane Doe\n\n11/5/2024 Updated: 11/6/2024\n\n" + ARTICLE
    (doc,) = _items(tmp_path, "a.txt", text)
    assert doc.text == text
    assert doc.doc_id == content_hash(text)
    assert doc.published == dt.date(2024, 11, 5)
    assert doc.title == "Headline here"
    assert doc.origin == str(tmp_path / "a.txt")


def test_plain_text_crlf_normalised_and_published_fallback(tmp_path):
    (doc,) = _items(tmp_path, "a.txt", ARTICLE.replace("\n", "\r\n"), published=dt.date(2024, 1, 2))
    assert doc.text == ARTICLE
    assert doc.published == dt.date(2024, 1, 2)


def test_seed_article_reads_with_its_dateline():
    from flashpoint.settings import shared_data_dir

    data = shared_data_dir()
    if data is None:
        pytest.skip("../shared is not beside this checkout")
    (doc,) = read_path(data.parent / "seeds")
    assert doc.published == dt.date(2024, 11, 5)
    assert "Rutte" in doc.text


def test_html_boilerplate_and_scripts_removed_metadata_kept(tmp_path):
    (doc,) = _items(tmp_path, "page.html", PAGE)
    assert "Kursk region" in doc.text
    assert "[bold red]not markup[/]" in doc.text  # data kept verbatim, never interpreted
    assert "EVIL SCRIPT" not in doc.text and "color: red" not in doc.text
    assert "Copyright" not in doc.text and "Sport" not in doc.text
    assert doc.title == "North Korea sends troops"
    assert doc.published == dt.date(2024, 11, 5)
    assert doc.url == "https://news.example/troops"


def test_truncated_html_reads_what_is_there(tmp_path):
    truncated = PAGE[: PAGE.index("Rutte said")]
    (doc,) = _items(tmp_path, "cut.html", truncated)
    assert "Kursk region" in doc.text
    (tiny,) = _items(tmp_path, "tiny.html", "<p>Unclosed <b>text about the troops near Kursk")
    assert "troops near Kursk" in tiny.text


def test_html_without_text_is_an_item_error(tmp_path):
    (err,) = _items(tmp_path, "blank.html", "<html><head><script>x()</script></head><body></body></html>")
    assert isinstance(err, ItemError) and "no article text" in err.message


RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World desk</title>
<item><title>Troops &amp; tanks</title><link>https://ex.com/a</link>
<pubDate>Tue, 05 Nov 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;NATO said &lt;script&gt;alert(1)&lt;/script&gt;troops moved to Kursk.&lt;/p&gt;
</description></item>
<item><title>Empty one</title></item>
<item><title>Second</title><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">
<![CDATA[<p>Full <b>body</b> text about Pyongyang.</p>]]></content:encoded></item>
</channel></rss>"""


def test_rss_entries_become_documents_and_bad_entries_errors(tmp_path):
    items = _items(tmp_path, "feed.rss", RSS, published=dt.date(2024, 1, 1))
    docs = [i for i in items if not isinstance(i, ItemError)]
    (err,) = _errors(items)
    assert err.origin.endswith("feed.rss#2") and "without text" in err.message
    first, second = docs
    assert first.text == "Troops & tanks\n\nNATO said troops moved to Kursk."
    assert first.published == dt.date(2024, 11, 5) and first.url == "https://ex.com/a"
    assert first.source == "World desk" and first.origin.endswith("#1")
    assert "alert" not in first.text
    assert second.published == dt.date(2024, 1, 1)  # no entry date: the fallback
    assert "Full body text about Pyongyang." in second.text


def test_atom_feed_is_sniffed_without_extension(tmp_path):
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>A</title><id>x</id><updated>2024-11-04T00:00:00Z</updated>
    <content type="html">&lt;p&gt;Body text about Seoul.&lt;/p&gt;</content><link href="https://ex.com/b"/></entry></feed>"""
    (doc,) = _items(tmp_path, "feed", atom)
    assert doc.published == dt.date(2024, 11, 4) and "Seoul" in doc.text and doc.url == "https://ex.com/b"


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title><description>x</description></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title><description>y</description></item></channel></rss>"""


@pytest.mark.parametrize("payload", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_xml_bombs_refused(tmp_path, payload):
    (err,) = _items(tmp_path, "bomb.xml", payload)
    assert isinstance(err, ItemError) and "refused" in err.message and "ENTITY" in err.message


def test_rss_with_plain_doctype_still_reads(tmp_path):
    feed = RSS.replace(
        b"<rss", b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd">\n<rss', 1
    )
    items = _items(tmp_path, "old.rss", feed)
    assert len([i for i in items if not isinstance(i, ItemError)]) == 2


def test_not_a_feed(tmp_path):
    (err,) = _items(tmp_path, "x.xml", b"<notafeed><a>1</a></notafeed>")
    assert "expected an RSS or Atom feed" in err.message


def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {"id": "a1", "text": ARTICLE, "title": "T", "published": "2024-11-05", "url": "u", "source": "S"}
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a4", "text": "x", "published": "next week"}),
        json.dumps({"id": "a5", "text": "fine", "title": 7}),
        json.dumps({"id": 6, "text": "Second article about Seoul."}),
        "[" * 100000,
    ]
    items = _items(tmp_path, "c.jsonl", "\n".join(lines), published=dt.date(2020, 2, 2))
    docs = [i for i in items if not isinstance(i, ItemError)]
    errs = {e.origin.rsplit(":", 1)[1]: e.message for e in _errors(items)}
    assert [d.origin.rsplit("#", 1)[1] for d in docs] == ["a1", "6"]
    assert docs[0].published == dt.date(2024, 11, 5) and docs[0].title == "T" and docs[0].source == "S"
    assert docs[1].published == dt.date(2020, 2, 2)
    assert set(errs) == {"3", "4", "5", "6", "7", "9"}
    assert errs["3"].startswith("not JSON")
    assert "expected a JSON object" in errs["4"] and "list" in errs["4"]
    assert "'text' must be a non-empty string" in errs["5"]
    assert "'published' must be a date" in errs["6"] and "next week" in errs["6"]
    assert errs["7"] == "'title' must be a string; got 7"
    assert "nested too deeply" in errs["9"]


def test_jsonl_line_too_long_and_non_utf8_line(tmp_path, monkeypatch):
    good = json.dumps({"id": "ok", "text": "Good article."}).encode()
    data = b"\n".join([good, b'{"id": "big", "text": "' + b"x" * 5000 + b'"}', b'{"text": "caf\xe9"}', good])
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    from flashpoint.evidence.readers.jsonl import read_jsonl
    from flashpoint.evidence.readers.source import Source

    items = list(read_jsonl(Source(str(path), path=path), None, limit=1000))
    errs = {e.origin.rsplit(":", 1)[1]: e.message for e in _errors(items)}
    assert "line too long" in errs["2"]
    assert "expected UTF-8" in errs["3"] and "e9" in errs["3"]
    assert len([i for i in items if not isinstance(i, ItemError)]) == 2  # lines 1 and 4 (same text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty input"),
        (b"  \n\n\t ", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("North Korea".encode("utf-16"), "UTF-16"),
        ("Café in Pyongyang".encode("latin-1"), "expected UTF-8 text; got byte(s) e9"),
    ],
    ids=["empty", "blank", "binary", "utf16", "latin1"],
)
@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.rss", "a.jsonl", "noext"])
def test_bad_bytes_give_one_clear_error(tmp_path, data, expected, name):
    (err,) = _items(tmp_path, name, data)
    assert isinstance(err, ItemError)
    assert expected in err.message
    line = ":1" if name == "a.jsonl" and expected.startswith("expected UTF-8 text; got byte") else ""
    assert err.origin == str(tmp_path / name) + line


def test_hundred_megabyte_file_refused_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(100_000_000)  # sparse: 100 MB by size, nothing written
    (err,) = iter_documents([path])
    assert "file too large" in err.message and "100.0 MB" in err.message and "20 MB" in err.message


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("First article about Kyiv.")
    (tmp_path / "b" / "c.txt").write_text("Second article about Seoul.")
    (tmp_path / "b" / "d.bin").write_bytes(b"\x00\x01")
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    (tmp_path / ".hidden.txt").write_text("hidden")
    items = list(iter_documents([tmp_path]))
    assert [i.origin.removeprefix(str(tmp_path)) for i in items] == ["/a.txt", "/b/c.txt", "/b/d.bin"]
    assert isinstance(items[2], ItemError)
    assert count_items([tmp_path]) == 3


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(iter_documents([tmp_path / "nope.txt", tmp_path / "empty"]))
    assert [i.message for i in items] == [
        "no such file or folder",
        "empty folder: expected articles in it; got no files",
    ]


def test_stdin_sniffed(tmp_path):
    (doc,) = iter_documents(["-"], stdin=ARTICLE.encode())
    assert doc.origin == "-" and doc.text == ARTICLE
    docs = list(iter_documents(["-"], stdin=b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n'))
    assert [d.text for d in docs] == ["a", "b"]


def test_source_id_is_the_inputs_own_id_else_where_it_was_read(tmp_path):
    (text,) = _items(tmp_path, "a.txt", ARTICLE.encode())
    assert text.source_id == text.origin == str(tmp_path / "a.txt")
    docs = list(
        iter_documents(["-"], stdin=b'{"id": "w-1", "text": "a"}\n{"text": "b"}\n{"id": 7, "text": "c"}\n')
    )
    assert [d.source_id for d in docs] == ["w-1", "-:2", "7"]
    rss = _items(tmp_path, "feed.rss", RSS, published=dt.date(2024, 1, 1))
    first, second = [d for d in rss if not isinstance(d, ItemError)]
    assert first.source_id == "https://ex.com/a"  # no guid: the link
    assert second.source_id == second.origin  # neither: where it was read
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>A</title><id>urn:x:9</id><content type="html">Body about Seoul.</content></entry></feed>"""
    (entry,) = _items(tmp_path, "feed.atom", atom)
    assert entry.source_id == "urn:x:9"


def test_read_path_raises_or_collects(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(ARTICLE)
    with pytest.raises(ReaderError, match="bad.txt: empty input"):
        read_path(tmp_path)
    errors: list[ItemError] = []
    docs = read_path(tmp_path, errors=errors)
    assert len(docs) == 1 and len(errors) == 1


def test_sniff_format():
    assert sniff_format(b'\xef\xbb\xbf  {"a": 1}') == "jsonl"
    assert sniff_format(b"<?xml version='1.0'?><rss>") == "feed"
    assert sniff_format(b"<!DOCTYPE html><html>") == "html"
    assert sniff_format(b"Plain words") == "text"


def test_count_items(tmp_path):
    (tmp_path / "c.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}')
    (tmp_path / "f.rss").write_bytes(RSS)
    assert count_items([tmp_path / "c.jsonl"]) == 3
    assert count_items([tmp_path / "f.rss"]) == 3
    assert count_items(["-"], stdin=b"Plain article.") == 1
    assert count_items(["-"], stdin=b'{"text": "a"}\n{"text": "b"}') == 2
    assert count_items(["-"], stdin=RSS) is None  # unknown until parsed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-05", dt.date(2024, 11, 5)),
        ("2024-11-05T10:00:00Z", dt.date(2024, 11, 5)),
        ("Tue, 05 Nov 2024 10:00:00 GMT", dt.date(2024, 11, 5)),
        ("Nov. 5, 2024", dt.date(2024, 11, 5)),
        ("5 November 2024", dt.date(2024, 11, 5)),
        ("11/5/2024", dt.date(2024, 11, 5)),
        ("25/12/2024", dt.date(2024, 12, 25)),
        ("next week", None),
        ("2024-13-40", None),
        (20241105, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_dateline_ignores_dates_inside_sentences():
    assert find_dateline("Title\n\nThe troops arrived on Nov. 5, 2024, officials said.") is None
    assert find_dateline("Title\nPublished: 2024-11-05 | 10:00\nBody") == dt.date(2024, 11, 5)
    assert find_dateline("Title\nOctober 28, 2024\nBody") == dt.date(2024, 10, 28)


def test_feed_that_crashes_feedparser_is_an_item_error(tmp_path):
    (err,) = _items(tmp_path, "a.xml", "<html>&#x110000;")  # feedparser: chr() arg not in range
    assert isinstance(err, ItemError) and "feedparser cannot read" in err.message
