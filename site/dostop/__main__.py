from dostop.cli import main

main()
