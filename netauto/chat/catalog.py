"""Every tool the assistant may call, by name: the lookups, the router tools, the proposal.

The tools are defined beside what they do (:mod:`.lookups`, :mod:`.router_tools`,
:mod:`.proposals`) on the common parts of :mod:`.tools`; this module puts them together for
the chat session and the MCP server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netauto.chat.lookups import LOOKUP_TOOLS
from netauto.chat.proposals import PROPOSE_TOOL
from netauto.chat.router_tools import router_tools
from netauto.chat.search_tool import SEARCH_TOOL
from netauto.chat.tools import Tool

if TYPE_CHECKING:
    from netauto.chat.config import ChatSettings


def all_tools(chat: ChatSettings) -> dict[str, Tool]:
    """Every tool by name; descriptions name the allowed show commands."""
    found = [*LOOKUP_TOOLS, SEARCH_TOOL, *router_tools(chat), PROPOSE_TOOL]
    return {tool.spec.name: tool for tool in found}
