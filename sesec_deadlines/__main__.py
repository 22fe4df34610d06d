from sesec_deadlines.cli.app import main

main()
