from tdgrad.cli import main

raise SystemExit(main())
