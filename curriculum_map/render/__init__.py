"""File outputs: atomic writes and run folders, CSV, xlsx styles, HTML pages, pictures, plain text.

May import workbook, framework and core; knows no workflow's results (they hand it tables).
"""
