"""The syslog listener: routers' syslog (RFC 3164/5424, UDP and TCP) to events and backups.

:mod:`parse` reads one message, :mod:`server` receives them, :mod:`react` turns what IOS
says into events and coalesced backups (``netauto syslog``, or inside ``netauto scheduler``
when ``syslog.bind`` is set).
"""
