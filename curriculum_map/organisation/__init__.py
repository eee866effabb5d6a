"""The organisation's own use of the framework: function profiles (from a positions consensus or from
scratch), the staff's self-assessment, personal growth plans and the team overview of training needs.

Personal results reach only that person's folder; the team sees groups of at least --min-respondents.
May import positions (its published results only), coverage (its results reader), render, workbook,
framework and core.
"""
