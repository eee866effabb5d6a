"""curriculum-map: competence framework -> workbooks to fill in -> coverage reports and heatmaps."""

__version__ = "0.1.0"
