"""The frozen bundle's entry point: Accord (``desktop.cli``), or one of its child processes.

The bundle has one executable. Accord starts its document workers, their template and the
``.qdpx`` reader as that executable with ``desktop.core.children.CHILD_FLAG`` and the module to
run (``module_command``), so each child enters here and runs its own module's ``__main__``
without importing the reader's command line first.
"""

import sys

from desktop.core.children import run_child

if run_child(sys.argv):
    sys.exit(0)

from desktop.cli import main  # (only once it is known not to be a child)

sys.exit(main())
