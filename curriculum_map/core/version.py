"""The version of curriculum-map, written into every workbook and report."""

__version__ = "0.1.0"
