"""The only package that imports PyMuPDF: open, fingerprint, render and read documents."""
