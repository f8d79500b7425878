"""The batch logic of extract/ingest with a stand-in extractor (integration tests use the real one)."""

from __future__ import annotations

import json

import pytest

from flashpoint.errors import InputError, PartialFailure, ReaderError
from flashpoint.evidence import ingest as ingest_mod
from flashpoint.evidence.ingest import IngestSummary, choose_processes, extract, run_ingest
from flashpoint.evidence.records import DocumentResult, Sentence


class SplitExtractor:
    """One sentence per line; remembers the documents it was asked to parse."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.seen: list[str] = []
        self.fail_on = fail_on

    def extract(self, documents, *, n_process=1, batch_size=32):
        for doc in documents:
            if self.fail_on and self.fail_on in doc.text:
                raise RuntimeError("pipeline bug")
            self.seen.append(doc.doc_id)
            sentences, start = [], 0
            for index, line in enumerate(doc.text.split("\n")):
                sentences.append(Sentence(doc.doc_id, index, start, start + len(line), line))
                start += len(line) + 1
            yield DocumentResult(doc, sentences)


class MemorySink:
    def __init__(self) -> None:
        self.rows: dict[str, DocumentResult] = {}
        self.batches: list[int] = []

    def known(self, doc_ids):
        return {i for i in doc_ids if i in self.rows}

    def write(self, results):
        self.batches.append(len(results))
        for r in results:
            self.rows[r.document.doc_id] = r


def corpus(tmp_path, n=10, bad=()):
    lines = [json.dumps({"id": k, "text": f"Article {k}.\nSecond line {k}."}) for k in range(n)]
    for k in bad:
        lines[k] = "{broken"
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_ingest_writes_in_batches_and_reports_progress(tmp_path):
    sink, calls = MemorySink(), []
    summary = run_ingest(
        [corpus(tmp_path, 10)],
        sink,
        extractor=SplitExtractor(),
        batch_documents=4,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert sink.batches == [4, 4, 2]
    assert (summary.documents, summary.extracted, summary.sentences) == (10, 10, 20)
    assert calls[-1] == (10, 10) and [c[0] for c in calls] == sorted(c[0] for c in calls)
    summary.raise_for_errors()  # nothing failed: no exception


def test_rerun_skips_stored_documents_before_parsing(tmp_path):
    sink = MemorySink()
    path = corpus(tmp_path, 6)
    run_ingest([path], sink, extractor=SplitExtractor())
    again = SplitExtractor()
    summary = run_ingest([path, path], sink, extractor=again)
    assert again.seen == []
    assert (summary.documents, summary.skipped, summary.duplicates, summary.extracted) == (12, 6, 6, 0)
    assert len(sink.rows) == 6


def test_bad_items_are_collected_and_the_rest_ingested(tmp_path):
    sink = MemorySink()
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = run_ingest(
        [corpus(tmp_path, 5, bad=[1, 3]), tmp_path / "empty.txt", tmp_path / "missing.txt"],
        sink,
        extractor=SplitExtractor(),
    )
    assert len(sink.rows) == 3
    assert [e.origin.rsplit("/", 1)[1] for e in summary.errors] == [
        "c.jsonl:2",
        "c.jsonl:4",
        "empty.txt",
        "missing.txt",
    ]
    with pytest.raises(PartialFailure) as info:
        summary.raise_for_errors()
    assert info.value.exit_code == 3 and "4 item(s) failed and 3 document(s) were read" in str(info.value)


def test_nothing_readable_is_an_input_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    summary = run_ingest([tmp_path / "a.txt", tmp_path / "b.txt"], MemorySink(), extractor=SplitExtractor())
    with pytest.raises(InputError) as info:
        summary.raise_for_errors()
    assert info.value.exit_code == 2
    message = str(info.value)
    assert message.startswith("nothing could be read: ") and "1 more item(s) failed" in message


def test_results_extracted_before_a_crash_are_kept(tmp_path):
    sink = MemorySink()
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"doc {k}"}) for k in range(5)))
    with pytest.raises(RuntimeError, match="pipeline bug"):
        run_ingest([path], sink, extractor=SplitExtractor(fail_on="doc 3"), batch_documents=100)
    assert sorted(r.document.text for r in sink.rows.values()) == ["doc 0", "doc 1", "doc 2"]


def test_a_failing_write_is_not_retried(tmp_path):
    class BrokenSink(MemorySink):
        def write(self, results):
            super().write([])
            raise OSError("disk full")

    sink = BrokenSink()
    with pytest.raises(OSError, match="disk full"):
        run_ingest([corpus(tmp_path, 3)], sink, extractor=SplitExtractor())
    assert sink.batches == [0]


def test_extract_strict_or_collecting(tmp_path):
    path = corpus(tmp_path, 3, bad=[1])
    with pytest.raises(ReaderError, match=r"c\.jsonl:2: not JSON"):
        list(extract([path], extractor=SplitExtractor()))
    summary = IngestSummary()
    results = list(extract([path], extractor=SplitExtractor(), summary=summary))
    assert [r.document.origin.rsplit("#")[1] for r in results] == ["0", "2"]
    assert summary.extracted == 2 and len(summary.errors) == 1
    assert summary.to_dict()["errors"][0]["origin"].endswith("c.jsonl:2")


def test_choose_processes(monkeypatch):
    monkeypatch.setattr(ingest_mod.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert choose_processes(3) == 1
    assert choose_processes(ingest_mod.PARALLEL_MIN_DOCUMENTS) == 2
    assert choose_processes(None) == 2
    assert choose_processes(3, requested=4) == 4


def test_a_single_path_is_not_split_into_characters(tmp_path):
    path = corpus(tmp_path, 2)
    assert len(list(extract(str(path), extractor=SplitExtractor()))) == 2
    assert run_ingest(path, MemorySink(), extractor=SplitExtractor()).extracted == 2
