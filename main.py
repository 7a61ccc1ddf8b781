"""Start the sensory_games launcher (same as the `sensory-games` command)."""

from sensory_games.cli import main

raise SystemExit(main())
