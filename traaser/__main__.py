"""``python -m traaser`` runs the CLI."""

import sys

from traaser.cli import main

sys.exit(main())
