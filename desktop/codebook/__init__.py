"""The code tree: two facets (thematic areas, instruments), its rules, colours and files.

Qt-free and store-free: the UI, the command line and the store all work through these values
and checks, so a code behaves the same wherever it is edited.
"""
