"""Plain vocabulary shared by every layer: ids, geometry, text spans, errors (stdlib only)."""
