"""The ground floor: the message catalogue, problems as data, text normalising, dates, colours, YAML.

Imports nothing else of curriculum_map; every other package may import it.
"""
