"""The positions workflow: the staff workbook, reading and aggregating it, its report, the deck for the
consensus conversation (read back from the report), and the gap between what organisations expect and
what programmes cover (which reads coverage's published results).

May import coverage (its published results only), render, workbook, framework and core.
"""
