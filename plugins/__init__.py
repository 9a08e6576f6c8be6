"""Nornir plugins of netauto: the operations-log processor and the credentials transform."""
