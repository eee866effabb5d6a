"""The programme workflow: the lecturer's workbook, reading it, aggregating coverage, the coverage
report (CSV, xlsx, pictures, HTML), reading a finished report back, and comparing two rounds.

May import render, workbook, framework and core; never positions.
"""
