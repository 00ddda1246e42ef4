"""The Qt-free application layer: commands with inverses, the Editor, projects, the CLI's work.

Import the modules themselves (``desktop.app.editor``, ``desktop.app.annotating`` …): this
package imports nothing, so the command line loads only what a subcommand needs.
"""
