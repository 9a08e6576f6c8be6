// Chat: a question goes to POST /api/chat, the answer streams back as server-sent events.
"use strict";

(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const { el } = netauto;

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
    box.firstChild.append(el("div", { class: "small text-body-secondary", text: "Commit it from the command line: netauto chat --session ... then /commit (operator role)." }));
    node.append(box);
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
