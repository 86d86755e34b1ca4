"""Resource manifest: the databases a run may use, with version, source, checksum and licence."""
