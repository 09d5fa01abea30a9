"""A snapshot of the compiled search index on disk, so start-up need not rebuild it.

Reading 50,000 entries' cached tokens and compiling them makes one Python
string per token (6 million); the snapshot keeps the compiled postings as numpy
arrays and each entry's tokens as one string per field, split only when an entry
is asked for. It is written after the index is built from the database rows,
atomically (a temporary file renamed), and used only if its key (entry count,
newest change, tokenizer version, format) is the database's now: anything else,
a stale, truncated or corrupt file, is ignored and the index is built from the
rows as before. It holds only arrays and text (no pickle): loading it runs no code.
"""

from __future__ import annotations

import json
import logging
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.kb.stored import FIELD_NAMES, Compiled, RawTokens

log = logging.getLogger(__name__)

FORMAT = 2  # 2: an entry's tokens joined by spaces, as the rows cache them
# Between entries (a field's strings, entry ids, terms); tokens within an entry
# are joined by RawTokens.SEP. A snapshot whose text holds it is not written.
_RECORD = "\x1e"


def _text(values: list[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer(_RECORD.join(values).encode("utf-8"), dtype=np.uint8)


def _strings(array: npt.NDArray[Any], count: int) -> list[str]:
    values = array.tobytes().decode("utf-8").split(_RECORD) if count else []
    if len(values) != count:
        raise ValueError(f"expected {count} strings, found {len(values)}")
    return values


def _clean(values: list[str]) -> bool:
    return not any(_RECORD in v for v in values)


def write(path: Path, key: dict[str, Any], compiled: Compiled) -> bool:
    """Store `compiled` under `key` at `path` (atomically); False if it cannot be stored."""
    raw = compiled.raw
    if not (_clean(compiled.doc_ids) and _clean(compiled.terms)) or any(
        _RECORD in v for field in raw.fields for v in field
    ):
        log.warning("index snapshot not written: a token holds a separator")
        return False
    counts = np.array([-1 if p is None else len(p) for p in raw.phrasings], dtype=np.int32)
    flat = np.array([n for p in raw.phrasings if p for n in p], dtype=np.int32)
    meta = {
        "key": {**key, "format": FORMAT},
        "lengths": compiled.lengths,
        "docs": len(compiled.doc_ids),
        "terms": len(compiled.terms),
    }
    arrays: dict[str, npt.NDArray[Any]] = {
        "meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        "doc_ids": _text(compiled.doc_ids),
        "terms": _text(compiled.terms),
        "starts": compiled.starts,
        "ids": compiled.ids,
        "impacts": compiled.impacts,
        "phrasing_counts": counts,
        "phrasings": flat,
        **{
            f"field_{name}": _text(values)
            for name, values in zip(FIELD_NAMES, raw.fields, strict=True)
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)  # readers see the old file or the new one, never half
    except OSError as error:
        log.warning("index snapshot not written to %s: %s", path, error)
        tmp.unlink(missing_ok=True)
        return False
    return True


def read(path: Path, key: dict[str, Any]) -> Compiled | None:
    """The snapshot at `path` if it was written under `key`; None if absent, stale or corrupt."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes())
            if meta["key"] != {**key, "format": FORMAT}:
                log.info("index snapshot %s is stale: rebuilding from the rows", path)
                return None
            return _decode(meta, {name: data[name] for name in data.files})
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError) as error:
        log.warning("index snapshot %s is unreadable (%s): rebuilding from the rows", path, error)
        return None


def _decode(meta: dict[str, Any], data: dict[str, npt.NDArray[Any]]) -> Compiled:
    docs, terms = int(meta["docs"]), int(meta["terms"])
    starts, ids, impacts = data["starts"], data["ids"], data["impacts"]
    counts, flat = data["phrasing_counts"], data["phrasings"]
    if (
        starts.dtype != np.int64
        or ids.dtype != np.int32
        or impacts.dtype != np.float32
        or len(starts) != terms + 1
        or len(ids) != len(impacts)
        or int(starts[-1]) != len(ids)
        or len(counts) != docs
        or int(counts[counts > 0].sum()) != len(flat)
        or (len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= docs))
    ):
        raise ValueError("inconsistent arrays")
    fields = tuple(_strings(data[f"field_{name}"], docs) for name in FIELD_NAMES)
    ends = np.cumsum(np.maximum(counts, 0)).tolist()
    flat_list = flat.tolist()
    phrasings: list[list[int] | None] = [
        None if c < 0 else flat_list[end - c : end]
        for c, end in zip(counts.tolist(), ends, strict=True)
    ]
    return Compiled(
        _strings(data["doc_ids"], docs),
        {name: float(meta["lengths"][name]) for name in FIELD_NAMES},
        _strings(data["terms"], terms),
        starts,
        ids,
        impacts,
        RawTokens(fields, phrasings),
    )
