"""File outputs: atomic writes and run folders, CSV, xlsx styles, HTML pages, pictures, slide decks, plain text.

May import framework and core only; knows no workflow's results (they hand it tables and grids).
"""
