"""Allow ``python -m scaffold`` where the console script is not on PATH."""

from scaffold.cli import main

raise SystemExit(main())
