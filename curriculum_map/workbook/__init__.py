"""Spreadsheets in general: container checks, grids, the shared reading layer (metadata, respondent
block, row checks), the workbook builder, which readings count, and reading many files in parallel.

May import framework and core. Knows no workflow: each workbook kind describes its own columns.
"""
