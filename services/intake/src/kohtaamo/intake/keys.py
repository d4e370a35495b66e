"""``python -m kohtaamo.intake.keys rotate|status``: intake's key-encryption key, on demand."""

from kohtaamo.servicekit.vault.cli import key_commands

from .bootstrap import SUBJECT_KEY_TABLE
from .settings import IntakeSettings

main = key_commands("intake", IntakeSettings, table=SUBJECT_KEY_TABLE)

if __name__ == "__main__":
    main()
