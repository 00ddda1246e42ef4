"""REFI-QDA: projects (``.qdpx``, ``qdpx``) and codebooks (``.qdc``, ``qdc``), the exchange
formats of ATLAS.ti, NVivo, MAXQDA and QualCoder.

Codes from another tool reach the two facets by ``desktop.codebook.foreign`` (a top-level code
named like a facet becomes that facet's folder, every other top-level code goes under Thematic
areas): a ``.qdc`` through ``desktop.codebook.qdc``, which applies it as it reads, a ``.qdpx``
through the merge (``desktop.app.code_merge``), which applies it to the file's own tree. The ids
Accord gives what it exports are ``desktop.formats.ids``'s, shared with JSON-LD.
"""
