"""Personal data sealed under per-subject keys, and the key hierarchy that makes erasure final.

    sealed fields  <- data key (DEK), one per subject, wrapped and kept in ``<service>_subject_keys``
    wrapped DEK    <- key-encryption key (KEK), one per epoch, kept in a keyring file outside
                      the database and rotated

Modules: ``crypto`` (pure: sealing, wrapping, key ids), ``keyring`` (the keyring file),
``table`` (the key table's interface and an in-memory one), ``postgres`` (the key table on
PostgreSQL), ``rotation`` (the crash-safe rotation), ``vault`` (what a service's application
uses), ``schedule`` (rotation in the background), ``settings``, ``factory``, ``cli``.
Only ``crypto`` is meant for ``application/`` packages; nothing here is imported on import.
"""
