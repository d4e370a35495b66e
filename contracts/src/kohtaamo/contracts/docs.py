"""Print the event table of contracts/README.md: ``python -m kohtaamo.contracts.docs``."""

from .routing import markdown_table

if __name__ == "__main__":
    print(markdown_table(), end="")
