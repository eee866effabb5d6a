"""The ground floor: the message catalogue, problems as data, text normalising, dates, colours, YAML,
the one reader of list files and the one rule for file names made from names.

Imports nothing else of curriculum_map; every other package may import it.
"""
