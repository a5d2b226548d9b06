"""The floor of a cold start: a typer command with one argument that does nothing.

`benchmarks/cold_start.py` runs it beside `strategikoll check`; whatever a command-line tool built
on typer pays before it does any work (the interpreter, typer, the parsing of one argument) it
pays too.
"""

from pathlib import Path

import typer

app = typer.Typer()


@app.command()
def main(path: Path) -> None:
    """Take one file's name and do nothing with it."""


if __name__ == "__main__":
    app()
