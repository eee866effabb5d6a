"""The history of rounds and the tables analysts read: rounds of both workflows kept together in one
SQLite file (store, schema), the trend over the rounds (trend, its CSV, pictures and page), and the
pandas API over a report folder or a history (tables).

May import positions, coverage, workbook, render, framework and core; only cli imports it.
pandas and matplotlib are imported inside the functions that need them.
"""
