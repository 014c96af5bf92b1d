"""Files the plugins write next to the pages."""

from __future__ import annotations

import json
import os

from pelican.utils import sanitised_join


def write_json(output_path: str, save_as: str, data: object, indent: int | None = None) -> str:
    """Write `data` as UTF-8 JSON to `save_as` inside the output folder; return the path.

    json.dumps rather than json.dump: without `indent` it runs in the C encoder.
    """
    path = sanitised_join(output_path, save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
    return path
