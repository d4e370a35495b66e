"""The ``kohtaamo`` command: what operations staff run Kohtaamo with."""
