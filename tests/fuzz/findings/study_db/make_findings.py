#!/usr/bin/env python3
"""Writes the crafted study databases of tests/fuzz/findings/study_db/ (README.md there).

Each is a valid study database written by `optiscope-cli study run` (4 trials of
resources/examples/study_branin.json, sqlite storage) with one field changed by SQL, as a file
received from someone else could be. Usage: make_findings.py BRANIN_DB OUT_DIR
"""
import shutil
import sqlite3
import sys

CASES = {
    # std::terminate: nlohmann type_error 302 escapes SqliteStudyStore::Trials (ParseParams).
    "param_name_number": "UPDATE trials SET params='[{\"name\": 5, \"value\": 1}]' WHERE number=0",
    # std::terminate: type_error 306, value() on an array element that is not an object.
    "params_not_object": "UPDATE trials SET params='[1]' WHERE number=0",
    # std::terminate: type_error 302, a parameter value that is a string.
    "param_value_string": "UPDATE trials SET params='[{\"name\":\"x1\",\"value\":\"a\"}]' WHERE number=0",
    # Wrong result, no error: a trial number beyond int is read as -1 (the best trial is "#-1").
    "number_huge": "UPDATE trials SET number=9223372036854775807 WHERE number=3",
    # Wrong result, no error: unparsable directions give a study with no objective at all.
    "directions_text": "UPDATE studies SET directions='not json'",
}


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    for name, sql in CASES.items():
        path = f"{out_dir}/{name}.db"
        shutil.copy(source, path)
        db = sqlite3.connect(path)
        db.execute(sql)
        db.commit()
        db.close()


if __name__ == "__main__":
    main()
