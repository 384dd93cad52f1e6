"""Reading and validating reports: every row is kept or rejected with a reason."""

import json

import pandas as pd
import pytest

from toolkit.config import IngestConfig, InputConfig
from toolkit.ingest import InputFileError, ingest

HEADER = "report_id,source,language,published,title,text\n"


def run_ingest(path, **input_options):
    return ingest(InputConfig(path=str(path), **input_options), IngestConfig())


def test_csv_with_bom_crlf_and_quoted_newlines(tmp_path):
    path = tmp_path / "reports.csv"
    content = HEADER + 'r1,wire,en,2017-09-25,T,"45 civilians were killed.\r\nActivists said."\r\n'
    path.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    reports, rejects, n_rows = run_ingest(path)
    assert (n_rows, len(reports), rejects) == (1, 1, [])
    assert reports.loc[0, "report_id"] == "r1"
    assert "Activists said." in reports.loc[0, "text"]


def test_bad_rows_are_rejected_with_field_and_reason(tmp_path):
    path = tmp_path / "reports.csv"
    rows = [
        "r1,wire,en,2017-09-25,,Forty-five civilians were killed in rural Idlib.",
        "r1,wire,en,2017-09-25,,A duplicate id.",
        "r2,wire,en,2017-09-25,,   ",
        "r3,wire,en,2017-13-45,,An impossible date.",
        "r4,,en,2017-09-25,,No source.",
        "r5,wire,xx,2017-09-25,,A language that is not configured.",
        "r6,wire,en,2017-09-25",
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    reports, rejects, n_rows = run_ingest(path)
    assert list(reports["report_id"]) == ["r1"]
    assert n_rows == len(reports) + len(rejects) == 7
    reasons = {(r["row"], r["field"]): r["reason"] for r in rejects}
    assert reasons[(2, "report_id")].startswith("duplicate report_id (first seen at row 1)")
    assert reasons[(3, "text")] == "empty text"
    assert "cannot parse '2017-13-45' as a date" in reasons[(4, "published")]
    assert reasons[(5, "source")] == "missing source"
    assert "'xx' is not among the configured languages" in reasons[(6, "language")]
    assert reasons[(7, None)] == "row has 4 fields, header has 6 (line 8)"


def test_invalid_utf8_rejects_only_its_row(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_bytes((HEADER + "r1,wire,en,,,Fine text about 12 killed.\n").encode()
                     + b"r2,wire,en,,,bad \xff byte\n")
    reports, rejects, _n = run_ingest(path)
    assert list(reports["report_id"]) == ["r1"]
    assert rejects[0]["reason"] == "invalid UTF-8 bytes" and rejects[0]["row"] == 2


def test_missing_required_column_names_the_file_and_column(tmp_path):
    path = tmp_path / "reports.csv"
    path.write_text("report_id,text\nr1,hello\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"reports.csv lacks required columns: source"):
        run_ingest(path)


def test_unreadable_file_fails_with_its_name(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        run_ingest(tmp_path / "nope.csv")
    (tmp_path / "data.xlsx").write_text("x")
    with pytest.raises(InputFileError, match="cannot tell the format"):
        run_ingest(tmp_path / "data.xlsx")


def test_column_mapping_and_language_detection(tmp_path):
    path = tmp_path / "reports.jsonl"
    rows = [{"id": "a1", "outlet": "monitor", "body": "قتل ٤٥ مدنيا في غارات على ريف إدلب", "date": "25 September 2017"},
            {"id": "e1", "outlet": "wire", "body": "Forty-five civilians were killed in rural Idlib."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{not json\n", encoding="utf-8")
    reports, rejects, n_rows = run_ingest(
        path, columns={"report_id": "id", "source": "outlet", "text": "body", "published": "date"})
    assert list(reports["language"]) == ["ar", "en"]
    assert str(reports.loc[0, "published"]) == "2017-09-25"
    assert reports.loc[0, "text_normalised"] == "قتل 45 مدنيا في غارات علي ريف ادلب"
    assert rejects[0]["row"] == 3 and rejects[0]["reason"].startswith("invalid JSON")
    assert n_rows == 3


def test_parquet_and_local_datasets_directory(tmp_path):
    import datasets

    frame = pd.DataFrame({"report_id": ["p1"], "source": ["wire"], "language": ["en"],
                          "text": ["Twelve people were wounded."], "extra": [7]})
    frame.to_parquet(tmp_path / "reports.parquet")
    reports, _rejects, _n = run_ingest(tmp_path / "reports.parquet")
    assert reports.loc[0, "extra"] == "7"  # other input columns are kept, as text
    datasets.Dataset.from_pandas(frame).save_to_disk(str(tmp_path / "hf"))
    reports, _rejects, _n = run_ingest(tmp_path / "hf")
    assert list(reports["report_id"]) == ["p1"]


def test_unmapped_input_columns_never_overwrite_validated_values(tmp_path):
    path = tmp_path / "reports.jsonl"
    row = {"id": "a", "source": "wire", "body": "Forty-five civilians were killed in rural Idlib.", "text": "",
           "lang": "en", "language": "fr", "note": "kept"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    reports, rejects, _n = run_ingest(path, columns={"report_id": "id", "text": "body", "language": "lang"})
    assert rejects == [] and reports.loc[0, "text"].startswith("Forty-five") and reports.loc[0, "language"] == "en"
    assert reports.loc[0, "note"] == "kept"


def test_json_lines_split_only_at_newlines(tmp_path):
    path = tmp_path / "reports.jsonl"
    path.write_text(json.dumps({"report_id": "a", "source": "s", "language": "en",
                                "text": "Twelve\u2028people were killed."}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    reports, rejects, n_rows = run_ingest(path)
    assert (n_rows, len(reports), rejects) == (1, 1, [])
