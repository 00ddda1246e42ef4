"""The annotation report: ``export`` writes it as Markdown (``render_markdown``) or
self-contained HTML (``render_html``), both rendered from the one model ``model`` gathers.
"""
