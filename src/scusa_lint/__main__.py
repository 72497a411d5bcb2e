from scusa_lint.cli import main

main()
