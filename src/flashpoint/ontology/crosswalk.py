"""The CAMEO -> PLOVER crosswalk: parsing the OEDA table and loading the derived YAML.

``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, Draft 0.8, 17 September 2021, CC BY-SA 4.0) has one line
per CAMEO code, ``CODE: EVENT, mode, context[; context] # CAMEO description``, and a header line
``NN: EVENT`` per root. ``scripts/derive_cameo_crosswalk.py`` turns it into ``data/cameo_plover.yaml``;
a test re-derives it and fails on drift.
"""

from __future__ import annotations

import re
from typing import Any

_LINE = re.compile(r"^(\d{2,4}):\s*(.*)$")


def parse_cameo2plover(text: str) -> dict[str, Any]:
    """Parse the OEDA CAMEO->PLOVER table.

    Returns
    -------
    dict
        ``{"roots": {"03": ["AGREE"], "08": ["CONCEDE", "RETREAT"], ...},
        "codes": {"0333": {"event": "AGREE", "mode": None, "contexts": ["humanitarian"],
        "description": "..."}, ...}}``
    """
    roots: dict[str, list[str]] = {}
    codes: dict[str, dict[str, Any]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        m = _LINE.match(line)
        if not m:
            continue
        code, rest = m.groups()
        body, _, description = rest.partition("#")
        parts = [p.strip() for p in body.split(",")]
        if len(code) == 2 and len(parts) == 1:
            roots.setdefault(code, []).append(parts[0])
            continue
        parts += [""] * (3 - len(parts))
        event, mode, context = parts[0], parts[1], ",".join(parts[2:])
        contexts = [c.strip() for c in re.split(r"[;,]", context) if c.strip()]
        codes[code] = {
            "event": event,
            "mode": mode or None,
            "contexts": contexts,
            "description": description.strip(),
        }
    return {"roots": roots, "codes": codes}
