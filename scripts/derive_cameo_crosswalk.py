"""Derive src/flashpoint/ontology/data/cameo_plover.yaml from OEDA's CAMEO2PLOVER-2021.txt.

Usage: python scripts/derive_cameo_crosswalk.py [PATH_TO_CAMEO2PLOVER-2021.txt]
(default: ../shared/data/plover/CAMEO2PLOVER-2021.txt next to the repository).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import yaml

from flashpoint.ontology.crosswalk import parse_cameo2plover

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "plover" / "CAMEO2PLOVER-2021.txt"
TARGET = ROOT / "src" / "flashpoint" / "ontology" / "data" / "cameo_plover.yaml"

HEADER = """\
# CAMEO -> PLOVER crosswalk, derived by scripts/derive_cameo_crosswalk.py from CAMEO2PLOVER-2021.txt
# (sha256 {sha}).
# Source: openeventdata/PLOVER, commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f, "CAMEO to PLOVER conversion
# table", PLOVER manual version Draft 0.8, 17-September-2021, edited by Philip Schrodt.
# (c) 2021 Open Event Data Alliance, https://github.com/openeventdata/PLOVER, licensed CC BY-SA 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/). This file is an adaptation (format changed to YAML,
# no content changed) and is itself licensed CC BY-SA 4.0.
# Do not edit by hand: re-run the script; tests/unit/ontology checks this file against the source.
"""


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    raw = source.read_bytes()
    data = parse_cameo2plover(raw.decode("utf-8"))
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    TARGET.write_text(HEADER.format(sha=hashlib.sha256(raw).hexdigest()) + body, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(data['codes'])} codes, {len(data['roots'])} roots")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
