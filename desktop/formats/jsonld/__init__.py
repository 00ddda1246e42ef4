"""W3C Web Annotation JSON-LD (and Hypothesis's JSON, read back): ``web_annotation`` exports and
imports, laying out each item as ``objects`` declares it; ``load`` parses untrusted JSON within
the caps, ``fields`` and ``selectors`` read its fields and selectors, ``items`` and ``codes`` turn
them into ``Incoming`` annotations and codes.
"""
