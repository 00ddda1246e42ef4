"""The Qt-free application layer: commands with inverses, the Session, projects, the CLI's work.

Import the modules themselves (``desktop.app.session``, ``desktop.app.annotating`` …): this
package imports nothing, so the command line loads only what a subcommand needs.
"""
