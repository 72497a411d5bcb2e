from scusa_lint.cli import run

run()
