// Chat: a question goes to POST /api/chat, the answer streams back as server-sent events.
"use strict";

(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const { el, api } = netauto;
  const role = document.body.dataset.role || "";
  const operator = role === "operator" || role === "admin";

  function bubble(log, role, text) {
    document.getElementById("chat-empty")?.remove();
    const node = el("div", { class: `chat-msg chat-${role}` }, el("div", { class: "chat-bubble", text }));
    log.append(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function proposal(node, item) {
    const box = el("div", { class: "card mt-2 w-100" },
      el("div", { class: "card-body py-2" },
        el("div", { class: "fw-semibold small", text: `Proposal ${item.id} on ${item.hosts.join(", ")} (${item.status})` }),
        item.reason ? el("div", { class: "small text-body-secondary", text: item.reason }) : null));
    for (const [host, diff] of Object.entries(item.diffs || {})) {
      box.firstChild.append(el("div", { class: "small mt-1", text: host }), el("pre", { class: "diff mb-1", text: diff }));
    }
    const foot = el("div", { class: "small text-body-secondary mt-1", "data-proposal-foot": item.id });
    if (operator && item.status === "proposed") {
      foot.append(el("button", { type: "button", class: "btn btn-sm btn-outline-danger", "data-review": item.id, text: "Review and commit…" }));
    } else if (!operator) {
      foot.textContent = "Only an operator can commit a proposal.";
    }
    box.firstChild.append(foot);
    node.append(box);
  }

  // Committing a proposal: each router's diff shown again (as it stands now), then the one
  // change flow commits only if every diff is still the one shown.
  async function review(button) {
    const session = document.getElementById("chat-log").dataset.session;
    const ident = button.dataset.review;
    const foot = button.closest("[data-proposal-foot]");
    const base = `/api/chat/sessions/${encodeURIComponent(session)}/proposals/${encodeURIComponent(ident)}`;
    const item = await api(base);
    const panel = el("div", { class: "border border-danger rounded p-2 mt-1", "data-confirm": ident },
      el("div", { class: "fw-semibold", text: `Commit ${item.id} to ${item.hosts.length} ${item.hosts.length === 1 ? "router" : "routers"}? Each router's change:` }));
    for (const [host, diff] of Object.entries(item.diffs || {})) {
      panel.append(el("div", { class: "small mt-1", text: host }), el("pre", { class: "diff mb-1", text: diff }));
    }
    if (!item.can_commit) {
      panel.append(el("div", { class: "text-danger small", text: item.why_not }));
      foot.replaceChildren(panel);
      return;
    }
    const go = el("button", { type: "button", class: "btn btn-sm btn-danger me-1", "data-commit-proposal": ident, text: `Commit ${item.id}` });
    const cancel = el("button", { type: "button", class: "btn btn-sm btn-outline-secondary", text: "Cancel" });
    panel.append(go, cancel);
    foot.replaceChildren(panel);
    cancel.addEventListener("click", () => foot.replaceChildren(el("button", { type: "button", class: "btn btn-sm btn-outline-danger", "data-review": ident, text: "Review and commit…" })));
    go.addEventListener("click", async () => {
      go.disabled = true; cancel.disabled = true;
      go.textContent = "Committing…";
      try {
        const done = await api(`${base}/commit`, { method: "POST" });
        const lines = done.hosts.map((host) => `${host.host}: ${host.status}${host.detail ? ` (${host.detail})` : ""}`);
        foot.replaceChildren(el("div", { class: done.proposal.status === "committed" ? "text-success" : "text-danger", "data-committed": done.proposal.status,
          text: `${done.proposal.id} ${done.proposal.status}. ${lines.join("; ")}` }),
          done.run_id ? el("a", { href: `/operations/${done.run_id}`, text: "open the run" }) : "");
      } catch (error) {
        foot.replaceChildren(el("div", { class: "text-danger", text: `not committed: ${error.message}` }));
      }
    });
  }

  // A new conversation shows up in the sidebar as soon as it has an id.
  function listed(session, text) {
    const list = document.getElementById("chat-sessions");
    if (!list || list.querySelector(`[data-session="${CSS.escape(session)}"]`)) return;
    list.querySelector("[data-none]")?.remove();
    list.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
    list.prepend(el("a", { class: "list-group-item list-group-item-action active", href: `/chat/${encodeURIComponent(session)}`, "data-session": session },
      el("div", { class: "small text-truncate", text }),
      el("div", { class: "small opacity-75", text: "just now" })));
  }

  async function ask(log, text, session) {
    bubble(log, "user", text);
    const answer = bubble(log, "assistant", "");
    const content = answer.querySelector(".chat-bubble");
    const tools = el("div", { class: "small text-body-secondary mt-1" });
    answer.append(tools);
    const response = await fetch("/api/chat", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRF-Token": csrf },
      body: JSON.stringify({ message: text, session_id: session || null }),
    });
    if (!response.ok || !response.body) {
      let message = `${response.status} ${response.statusText}`;
      try { message = (await response.json()).error || message; } catch (error) { /* not JSON */ }
      answer.classList.add("chat-error");
      content.textContent = message;
      return session;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const kind = (frame.match(/^event: (.*)$/m) || [])[1];
        const line = (frame.match(/^data: (.*)$/m) || [])[1];
        if (!kind || !line) continue;
        const data = JSON.parse(line);
        if (kind === "session") {
          session = data.session_id;
          log.dataset.session = session;
          listed(session, text);
          history.replaceState(null, "", `/chat/${encodeURIComponent(session)}`);
        } else if (kind === "text") {
          content.textContent += data.delta;
        } else if (kind === "tool") {
          tools.textContent = `${tools.textContent ? `${tools.textContent}, ` : "tools: "}${data.name}${data.is_error ? " (failed)" : ""}`;
        } else if (kind === "done") {
          if (!content.textContent) content.textContent = data.answer;
          (data.proposals || []).forEach((item) => proposal(answer, item));
        } else if (kind === "error") {
          answer.classList.add("chat-error");
          content.textContent = data.error;
        }
        log.scrollTop = log.scrollHeight;
      }
    }
    return session;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const log = document.getElementById("chat-log");
    const form = document.getElementById("chat-form");
    const input = document.getElementById("chat-input");
    const send = document.getElementById("chat-send");
    log.scrollTop = log.scrollHeight;
    log.addEventListener("click", (event) => {
      const button = event.target.closest("[data-review]");
      if (button) review(button).catch((error) => button.replaceWith(el("div", { class: "text-danger small", text: error.message })));
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      send.disabled = true;
      try {
        log.dataset.session = await ask(log, text, log.dataset.session) || "";
      } catch (error) {
        bubble(log, "error", error.message);
      } finally {
        send.disabled = false;
        input.focus();
      }
    });
  });
})();
