"""The network assistant: ``netauto chat`` and ``netauto mcp`` over the same read-only tools.

``tools`` (what the model may call: devices, the operations log, runs, backup diffs, NAPALM
getters, allowed show commands, change proposals), ``session`` (the conversation loop, kept in
``ai_conversations``), ``store`` (reading and writing that table), ``proposals`` (a change the
model proposes: the generate gate, the router's diff, committed only by an operator).
Tools that touch a router go through the runbook API, so each call is a run in the
operations log attributed to the user. The front ends present it: ``netauto chat``
(:mod:`netauto.cli`), the web's chat page, and ``netauto mcp`` (:mod:`netauto.mcp_server`,
the tools for other AI clients).
"""
