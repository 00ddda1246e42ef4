"""Inter-reviewer agreement, without Qt, SQL or PyMuPDF: the figures (``coding``, ``unitizing``),
the study designs that turn a project's annotations into their data (``designs``), and a whole
study's figures at once (``study``)."""
