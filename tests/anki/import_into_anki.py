#!/usr/bin/env python3
"""Import rolecall's exports into a fresh Anki collection with Anki's own
library, and print what the collection then holds, as JSON.

This is the code path of Anki's File > Import: the import dialogs call the
same backend requests (ImportAnkiPackage for a package; GetCsvMetadata,
then ImportCsv, for a text file), with the options a person can tick.

    import_into_anki.py COLLECTION [--lang de] STEP...

Each STEP is KIND:PATH, run in order on the same collection:
    apkg:PATH          a package, with "Import any learning progress" and
                       "Import deck presets" ticked
    apkg-defaults:PATH a package, with the dialog's default options
    text:PATH          a plain-text file, with the options its headers set

Requires the `anki` package (pip install anki). Times are read in the
process's time zone, as Anki reads them.
"""

import argparse
import datetime
import json
import sys

from anki._backend import RustBackend
from anki.buildinfo import version
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)


def import_step(col, kind, path):
    if kind == "text":
        metadata = col.get_csv_metadata(path=path, delimiter=None)
        result = col.import_csv(ImportCsvRequest(path=path, metadata=metadata))
    elif kind in ("apkg", "apkg-defaults"):
        options = col._backend.get_import_anki_package_presets()
        if kind == "apkg":
            options.with_scheduling = True
            options.with_deck_configs = True
        result = col.import_anki_package(
            ImportAnkiPackageRequest(package_path=path, options=options)
        )
    else:
        sys.exit(f"unknown step kind {kind!r}")
    log = result.log
    return {
        "kind": kind,
        "found": log.found_notes,
        "new": len(log.new),
        "updated": len(log.updated),
        "duplicate": len(log.duplicate),
        "conflicting": len(log.conflicting),
        "first_field_match": len(log.first_field_match),
        "missing_notetype": len(log.missing_notetype),
        "missing_deck": len(log.missing_deck),
        "empty_first_field": len(log.empty_first_field),
    }


def creation_date(col):
    """The date Anki counts day numbers from: `crt` read in the collection's
    creation offset (minutes west of UTC)."""
    minutes_west = col.get_config("creationOffset", None)
    if minutes_west is None:
        return datetime.datetime.fromtimestamp(col.crt).date()
    zone = datetime.timezone(datetime.timedelta(minutes=-minutes_west))
    return datetime.datetime.fromtimestamp(col.crt, zone).date()


def card_json(col, card, day0):
    note = card.note()
    memory = None
    if card.memory_state is not None:
        memory = {
            "stability": card.memory_state.stability,
            "difficulty": card.memory_state.difficulty,
        }
    # Anki's own memory state from the review log, with the preset's
    # parameters: what Anki would compute if it had to start over.
    computed = col._backend.compute_memory_state(card.id)
    recomputed = None
    if computed.HasField("state"):
        recomputed = {
            "stability": computed.state.stability,
            "difficulty": computed.state.difficulty,
        }
    due_date = None
    if card.queue in (2, 3) or card.type == 2:
        due_date = (day0 + datetime.timedelta(days=card.due)).isoformat()
    revlog = col.db.all(
        "select id, ease, ivl, lastIvl, factor, time, type from revlog"
        " where cid = ? order by id",
        card.id,
    )
    return {
        "guid": note.guid,
        "deck": col.decks.name(card.did),
        "type": card.type,
        "queue": card.queue,
        "due": card.due,
        "due_date": due_date,
        "interval": card.ivl,
        "factor": card.factor,
        "reps": card.reps,
        "lapses": card.lapses,
        "left": card.left,
        "memory_state": memory,
        "recomputed_memory_state": recomputed,
        "desired_retention": card.desired_retention,
        "decay": card.decay,
        "last_review_time": card.last_review_time,
        "preset": col.decks.config_dict_for_deck_id(card.did)["name"],
        "revlog": [
            {
                "id": r[0],
                "ease": r[1],
                "interval": r[2],
                "last_interval": r[3],
                "factor": r[4],
                "time": r[5],
                "type": r[6],
            }
            for r in revlog
        ],
    }


def note_json(col, note):
    notetype = note.note_type()
    return {
        "guid": note.guid,
        "notetype": notetype["name"],
        "field_names": [f["name"] for f in notetype["flds"]],
        "fields": list(note.fields),
        "text": [
            col._backend.html_to_text_line(text=f, preserve_media_filenames=True)
            for f in note.fields
        ],
        "tags": sorted(note.tags),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collection")
    parser.add_argument("--lang", default="en")
    parser.add_argument("steps", nargs="+")
    args = parser.parse_args()
    col = Collection(args.collection, backend=RustBackend(langs=[args.lang]))
    try:
        imports = []
        for step in args.steps:
            kind, _, path = step.partition(":")
            imports.append(import_step(col, kind, path))
        day0 = creation_date(col)
        notes = [note_json(col, col.get_note(nid)) for nid in col.find_notes("")]
        cards = [card_json(col, col.get_card(cid), day0) for cid in col.find_cards("")]
        presets = [
            {
                "name": c["name"],
                "desired_retention": c.get("desiredRetention"),
                "fsrs_params_6": c.get("fsrsParams6", []),
                "learn_steps": c["new"]["delays"],
                "relearn_steps": c["lapse"]["delays"],
                "new_per_day": c["new"]["perDay"],
            }
            for c in col.decks.all_config()
        ]
        json.dump(
            {
                "anki_version": version,
                "today": (day0 + datetime.timedelta(days=col.sched.today)).isoformat(),
                "imports": imports,
                "note_count": col.note_count(),
                "card_count": col.card_count(),
                "decks": sorted(d.name for d in col.decks.all_names_and_ids()),
                "notes": notes,
                "cards": cards,
                "presets": presets,
            },
            sys.stdout,
            indent=1,
        )
    finally:
        col.close()


if __name__ == "__main__":
    main()
