from linviz_gui.cli import main

raise SystemExit(main())
