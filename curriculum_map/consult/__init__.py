"""The framework's own consultation round: a workbook per reviewer or organisation (is each competence
clear, is it relevant, a rewording, a move, a remark, competences missing per cluster), reading the returned
workbooks into a ranked revisielijst, and from the owners' decisions the framework's next version with a
crosswalk from the old one.

May import organisation (its generic locked-text and dropdown sheet, its reader and scales), coverage,
workbook, render, framework and core; history and cli are above it.
"""
