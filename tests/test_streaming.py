"""Reading as a stream (sector aggregate): the readings are not kept, so memory does not grow with the number of
workbooks. Structural checks only; the figures are measured in benchmarks/sector_bench.py."""

from __future__ import annotations

import gc
import shutil
import weakref

from curriculum_map.organisation.sector import SectorCounts, read_sector_workbook
from curriculum_map.organisation.staff import StaffMember, write_staff_templates
from curriculum_map.workbook.builder import TemplateOptions
from curriculum_map.workbook.ingest import PARALLEL_FROM, iter_files


def test_iter_files_keeps_no_reading_it_has_handed_over(framework, tmp_path):
    person = StaffMember("id-1", "Eva Peeters", "eva@org.be", "Hulpverlener")
    (blank,) = write_staff_templates(framework, tmp_path / "one", [person], None, TemplateOptions("nl"), "Org")
    files = []
    for number in range(PARALLEL_FROM + 6):  # enough for worker processes
        copy = tmp_path / "many" / f"z{number}.xlsx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(blank, copy)
        files.append((copy, copy.name))
    handed: list[weakref.ref] = []
    counts = SectorCounts()
    alive_before = []
    gc.collect()
    for reading in iter_files(files, framework, read_sector_workbook, workers=2):
        alive_before.append(sum(1 for ref in handed if ref() is not None))
        counts.add(reading, "?")
        handed.append(weakref.ref(reading))
        del reading
    assert len(handed) == len(files) and counts.workbooks == len(files)
    assert max(alive_before) == 0  # every earlier reading was gone when the next one came
