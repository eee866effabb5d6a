"""Spreadsheets in general: container checks, grids, the shared reading layer (metadata, respondent
block, header matching, row checks), the workbook builder, which readings count, which files to read,
and reading many files in parallel.

May import render (atomic writes, xlsx styles), framework and core. Knows no workflow: each
workbook kind (coverage, positions) describes its own sheets and columns.
"""
