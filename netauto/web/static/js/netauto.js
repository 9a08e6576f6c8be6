// netauto web: what every page shares. No inline script anywhere (the CSP forbids it).
// Values from the server reach the DOM as text (textContent, append(string)), or as HTML
// fragments the server rendered with Jinja's autoescape: never as strings built here.
"use strict";

const netauto = (() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const body = document.body;
  const handlers = {};

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  // "1 host", "2 hosts": the word for a count, as netauto/text.py words it on the server.
  const noun = (count, singular, plural = `${singular}s`) => (count === 1 ? singular : plural);

  async function api(path, options = {}) {
    const headers = { Accept: "application/json", ...(options.headers || {}) };
    const init = { ...options, headers, credentials: "same-origin" };
    if (options.body !== undefined && typeof options.body !== "string") {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = csrf;
    const response = await fetch(path, init);
    const isJson = (response.headers.get("content-type") || "").includes("json");
    const data = isJson ? await response.json() : null;
    if (!response.ok) throw new Error((data && data.error) || `${response.status} ${response.statusText}`);
    return data;
  }

  function toast(message, kind = "primary") {
    const box = document.getElementById("toasts");
    if (!box || !window.bootstrap) return;
    const node = el("div", { class: `toast align-items-center text-bg-${kind} border-0`, role: "status" },
      el("div", { class: "d-flex" },
        el("div", { class: "toast-body", text: message }),
        el("button", { type: "button", class: "btn-close btn-close-white me-2 m-auto", "data-bs-dismiss": "toast", "aria-label": "Close" })));
    box.append(node);
    node.addEventListener("hidden.bs.toast", () => node.remove());
    new bootstrap.Toast(node, { delay: 6000 }).show();
  }

  const pad = (n) => String(n).padStart(2, "0");
  // The browser's time zone, as the pages show it after each time ("CET", "UTC", "GMT+2").
  function zoneOf(date) {
    try {
      const part = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(date)
        .find((each) => each.type === "timeZoneName");
      if (part) return part.value;
    } catch (error) { /* an old browser: the offset below */ }
    const offset = -date.getTimezoneOffset();
    return offset ? `UTC${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}` : "UTC";
  }

  function formatTime(date) {
    const today = new Date();
    const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zoneOf(date)}`;
    if (date.toDateString() === today.toDateString()) return time;
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
  }

  function localTimes(root = document) {
    root.querySelectorAll("time[datetime]").forEach((node) => {
      const value = node.getAttribute("datetime");
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) {
        node.title = value;
        node.textContent = formatTime(date);
      }
    });
  }

  function on(kind, handler) { (handlers[kind] ||= []).push(handler); }
  function fire(kind, data) { (handlers[kind] || []).forEach((handler) => handler(data)); }

  // The live feed. The browser reconnects a stream that ended by itself; a stream the server
  // refused (429: the user's streams of pages just left are not closed yet; 503) is closed for
  // good by EventSource, so it is opened again here, after 2 s, then 4, 8... at most 60 s.
  let source = null;
  let backoff = 2000;
  function connect() {
    if (!body.dataset.user || !window.EventSource) return;
    const state = document.getElementById("live-state");
    const label = state?.querySelector("span");
    source = new EventSource("/api/events");
    const mine = source;
    source.onopen = () => {
      backoff = 2000;
      state?.classList.add("live"); state?.classList.remove("down");
      if (label) label.textContent = "live";
      fire("open", {});
    };
    source.onerror = () => {
      state?.classList.remove("live"); state?.classList.add("down");
      if (label) label.textContent = "reconnecting";
      if (mine.readyState === EventSource.CLOSED && source === mine) {
        setTimeout(() => { if (source === mine) connect(); }, backoff);
        backoff = Math.min(backoff * 2, 60000);
      }
    };
    for (const kind of ["op", "job", "progress", "reset"]) {
      source.addEventListener(kind, (event) => fire(kind, JSON.parse(event.data)));
    }
  }
  window.addEventListener("beforeunload", () => { source?.close(); source = null; });

  function debounce(fn, wait) {
    let timer = null;
    let running = false;
    let again = false;
    const run = async () => {
      timer = null;
      if (running) { again = true; return; }
      running = true;
      try { await fn(); } catch (error) { console.warn(error); }
      running = false;
      if (again) { again = false; timer = setTimeout(run, wait); }
    };
    return () => { if (!timer) timer = setTimeout(run, wait); };
  }

  // Re-read a server-rendered fragment. Its [data-slot] elements replace the page's ones of
  // the same name; without any, its nodes become the children of `target`.
  async function refresh(url, target = null) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return false;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const slots = template.content.querySelectorAll("[data-slot]");
    if (slots.length && !target) {
      slots.forEach((slot) => document.querySelector(`[data-slot="${slot.dataset.slot}"]`)?.replaceWith(slot));
    } else if (target) {
      target.replaceChildren(...template.content.childNodes);
    }
    localTimes();
    return true;
  }

  // Runs started here: one card each, with a progress bar fed by "progress" events.
  const jobs = new Set();
  function jobCard(job) {
    const panel = document.getElementById("jobs");
    if (!panel) return null;
    let card = document.getElementById(`job-${job.id}`);
    if (!card) {
      card = el("div", { class: "card", id: `job-${job.id}` },
        el("div", { class: "card-body py-2" },
          el("div", { class: "d-flex justify-content-between small" },
            el("span", { class: "fw-semibold", "data-part": "title" }),
            el("span", { "data-part": "state" })),
          el("div", { class: "progress my-1", role: "progressbar", "aria-label": "progress" },
            el("div", { class: "progress-bar", "data-part": "bar" })),
          el("div", { class: "small text-body-secondary", "data-part": "detail" })));
      panel.prepend(card);
    }
    return card;
  }

  function showJob(job) {
    const card = jobCard(job);
    if (!card) return;
    const part = (name) => card.querySelector(`[data-part="${name}"]`);
    const target = job.target.schedule ? `schedule ${job.target.schedule}` : (job.target.hosts || []).join(",") || "all hosts";
    part("title").textContent = `${job.runbook} · ${target}`;
    part("state").textContent = job.status;
    const bar = part("bar");
    const share = job.total ? Math.round((100 * job.done) / job.total) : (job.status === "running" ? 5 : 100);
    bar.style.width = `${job.status === "running" ? share : 100}%`;
    bar.className = `progress-bar${job.status === "failed" || job.status === "cancelled" || job.failed ? " bg-danger" : job.status === "finished" ? " bg-success" : ""}`;
    const detail = part("detail");
    detail.replaceChildren();
    if (job.status === "running") {
      detail.append(`${job.queued ? "queued · " : ""}${job.done}/${job.total || "?"} ${noun(job.total, "host")}${job.failed ? `, ${job.failed} failed` : ""} `);
      detail.append(job.cancel ? "· cancelling…" : el("button", { type: "button", class: "btn btn-sm btn-outline-danger ms-1 py-0", "data-cancel-job": job.id, text: "Cancel" }));
    } else if (job.error) {
      detail.append(job.error);
    } else {
      detail.append(`${job.summary || "done"} `);
      if (job.run_id) detail.append(el("a", { href: `/operations/${job.run_id}`, text: "open the run" }));
      const changing = job.status === "finished" && commits.has(job.id) ? job.would_change || [] : [];
      if (changing.length) {
        detail.append(" ", el("button", { type: "button", class: "btn btn-sm btn-danger ms-1", "data-commit-job": job.id,
          text: `Commit ${changing.length} ${noun(changing.length, "router")}` }));
      } else {
        commits.delete(job.id);
        setTimeout(() => card.remove(), 30000);
      }
    }
  }

  const seen = new Map();  // job id -> its newest state
  on("job", (job) => { jobs.add(job.id); seen.set(job.id, job); showJob(job); });
  on("progress", (event) => {
    if (!jobs.has(event.job)) return;
    const card = document.getElementById(`job-${event.job}`);
    if (!card) return;
    const known = seen.get(event.job);
    if (known && known.status === "running") {  // the card keeps its Cancel button
      const now = { ...known, queued: false, done: event.done, total: event.total, failed: event.failed };
      seen.set(event.job, now);
      showJob(now);
      return;
    }
    const bar = card.querySelector('[data-part="bar"]');
    const detail = card.querySelector('[data-part="detail"]');
    if (event.total) bar.style.width = `${Math.round((100 * event.done) / event.total)}%`;
    detail.textContent = `${event.task}: ${event.done}/${event.total} ${noun(event.total, "host")}${event.failed ? `, ${event.failed} failed` : ""}`;
  });

  function selectedHosts() {
    return [...document.querySelectorAll('input[name="host"]:checked')].map((box) => box.value);
  }

  // Commits waiting for their dry run: job id -> the request that commits what it showed.
  const commits = new Map();

  async function startRun(runbook, hosts, groups = [], options = {}, extra = {}) {
    try {
      const job = await api("/api/runs", { method: "POST", body: { runbook, hosts, groups, options, ...extra } });
      jobs.add(job.id);
      seen.set(job.id, job);
      showJob(job);
      toast(`${runbook} started on ${hosts.length ? hosts.join(", ") : groups.length ? groups.join(", ") : "every host"}`, "primary");
      return job;
    } catch (error) {
      toast(`${runbook}: ${error.message}`, "danger");
      return null;
    }
  }

  // The run form: every runbook and its parameters, from their declarations (/api/runbooks).
  let catalog = null;
  async function runbooks() {
    catalog ||= await api("/api/runbooks");
    return catalog;
  }

  function paramField(param) {
    const id = `quick-opt-${param.name}`;
    const data = { id, name: param.name, "data-param": param.name, "data-kind": param.kind };
    const label = param.name.replaceAll("_", " ");
    if (param.kind === "flag") {
      const box = el("input", { class: "form-check-input", type: "checkbox", ...data });
      box.checked = param.default === true;
      return el("div", { class: "form-check mb-2" }, box,
        el("label", { class: "form-check-label", for: id, text: label }),
        el("div", { class: "form-text", text: param.help }));
    }
    let input;
    if (param.kind === "choice") {
      input = el("select", { class: "form-select", ...data }, el("option", { value: "", text: "" }),
        ...param.choices.map((choice) => el("option", { value: choice, text: choice })));
    } else if (param.kind === "map") {
      input = el("textarea", { class: "form-control", rows: "2", placeholder: "key=value, one per line", ...data });
    } else {
      const attrs = { class: "form-control", ...data };
      if (param.kind === "int") {
        attrs.type = "number";
        if (param.minimum !== null) attrs.min = String(param.minimum);
        if (param.maximum !== null) attrs.max = String(param.maximum);
      }
      const shown = Array.isArray(param.default) ? param.default.join(",") : param.default;
      if (shown !== null && shown !== undefined && shown !== "") attrs.placeholder = `default: ${shown}`;
      if (param.required) attrs.required = "";
      input = el("input", attrs);
    }
    const known = param.choices.length && param.kind === "list" ? ` Known: ${param.choices.join(", ")}.` : "";
    return el("div", { class: "mb-2" },
      el("label", { class: "form-label", for: id, text: label + (param.required ? " (required)" : "") }),
      input, el("div", { class: "form-text", text: param.help + known }));
  }

  function optionsOf(box) {
    const options = {};
    box.querySelectorAll("[data-param]").forEach((input) => {
      const { param: name, kind } = input.dataset;
      if (kind === "flag") { options[name] = input.checked; return; }
      const text = input.value.trim();
      if (!text) return;
      if (kind === "int") options[name] = Number(text);
      else if (kind === "list") options[name] = text.split(",").map((item) => item.trim()).filter(Boolean);
      else if (kind === "map") {
        options[name] = {};
        for (const line of text.split("\n")) {
          const at = line.indexOf("=");
          if (at > 0) options[name][line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
      } else options[name] = text;
    });
    return options;
  }

  function drawForm(form, runbook) {
    const main = document.getElementById("quick-options");
    const later = document.getElementById("quick-commit-options");
    document.getElementById("quick-help").textContent = runbook ? runbook.help : "";
    main.replaceChildren();
    later.querySelectorAll("div").forEach((node) => node.remove());
    later.hidden = !(runbook && runbook.changes_routers);
    if (!runbook) return;
    for (const param of runbook.params) {
      if (!param.remote || param.name === "commit") continue;  // local paths: the command line's
      (param.with_commit ? later : main).append(paramField(param));
    }
  }

  async function wireRunForm() {
    const form = document.getElementById("quick-form");
    if (!form) return;
    const select = form.elements.runbook;
    const chosen = () => (catalog || []).find((runbook) => runbook.name === select.value);
    const load = async () => {
      if (select.options.length) return;
      try {
        for (const runbook of await runbooks()) {
          select.append(el("option", { value: runbook.name, text: `${runbook.name}: ${runbook.summary}` }));
        }
        drawForm(form, chosen());
      } catch (error) {
        toast(`runbooks: ${error.message}`, "danger");
      }
    };
    document.getElementById("quick-modal")?.addEventListener("show.bs.modal", load);
    select.addEventListener("change", () => drawForm(form, chosen()));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const runbook = chosen();
      if (!runbook) return;
      const split = (name) => form.elements[name].value.split(",").map((s) => s.trim()).filter(Boolean);
      const hosts = split("hosts");
      const groups = split("groups");
      const options = optionsOf(document.getElementById("quick-options"));
      bootstrap.Modal.getInstance(document.getElementById("quick-modal"))?.hide();
      const job = await startRun(runbook.name, hosts, groups, options);
      if (job && runbook.changes_routers) {
        const later = optionsOf(document.getElementById("quick-commit-options"));
        commits.set(job.id, { runbook: runbook.name, hosts, groups, options: { ...options, ...later, commit: true } });
        showJob(seen.get(job.id) || job);
      }
    });
  }

  function wireQuickActions() {
    document.addEventListener("click", async (event) => {
      const cancel = event.target.closest("[data-cancel-job]");
      if (cancel) {
        cancel.disabled = true;
        try {
          showJob(await api(`/api/jobs/${cancel.dataset.cancelJob}/cancel`, { method: "POST" }));
        } catch (error) {
          toast(`cancel: ${error.message}`, "danger");
        }
        return;
      }
      const commit = event.target.closest("[data-commit-job]");
      if (commit) {
        const wanted = commits.get(commit.dataset.commitJob);
        if (!wanted) return;
        commits.delete(commit.dataset.commitJob);
        commit.disabled = true;
        startRun(wanted.runbook, wanted.hosts, wanted.groups, wanted.options, { preview: commit.dataset.commitJob });
        return;
      }
      const button = event.target.closest("[data-quick]");
      if (!button) return;
      const hosts = button.dataset.hosts === "@selected" ? selectedHosts() : (button.dataset.hosts || "").split(",").filter(Boolean);
      startRun(button.dataset.quick, hosts);
    });
    wireRunForm();
  }

  // Pages whose tables follow the operations log.
  function follow(url, target, { restore = null } = {}) {
    const update = debounce(async () => {
      const before = new Set([...target.querySelectorAll("[data-op]")].map((row) => row.dataset.op));
      const keep = restore ? restore.save() : null;
      await refresh(url(), target);
      if (restore) restore.load(keep);
      target.querySelectorAll("[data-op]").forEach((row) => {
        if (before.size && !before.has(row.dataset.op)) row.classList.add("flash-new");
      });
    }, 700);
    for (const kind of ["op", "reset", "open", "job"]) on(kind, update);
  }

  function wirePage() {
    const page = body.dataset.page;
    if (page === "operations") {
      const table = document.getElementById("operations-table");
      if (table?.dataset.live === "on") {
        follow(() => `/operations/part${location.search}`, table.querySelector("tbody"));
      }
    } else if (page === "devices") {
      const rows = document.querySelector("#devices-table tbody");
      const checks = {
        save: () => selectedHosts(),
        load: (names) => rows.querySelectorAll('input[name="host"]').forEach((box) => { box.checked = names.includes(box.value); }),
      };
      follow(() => "/devices/part", rows, { restore: checks });
      const count = document.getElementById("selected-count");
      document.addEventListener("change", (event) => {
        if (event.target.id === "select-all") {
          rows.querySelectorAll('input[name="host"]').forEach((box) => { box.checked = event.target.checked; });
        }
        if (count) {
          const n = selectedHosts().length;
          count.textContent = n ? `${n} selected` : "all devices";
        }
      });
    } else if (page === "automation") {
      follow(() => "/automation/part", document.querySelector("#schedules-table tbody"));
    } else if (page === "device") {
      const name = document.querySelector("[data-device-page]")?.dataset.devicePage;
      const update = debounce(() => refresh(location.pathname + location.search), 1000);
      on("op", (op) => { if (op.host === name) update(); });
    } else if (page === "run") {
      const box = document.getElementById("run-page");
      const ref = location.pathname.split("/").pop();
      const update = debounce(() => refresh(`/operations/${ref}/part`, box), 700);
      on("op", (op) => { if (box.dataset.run && op.run_id === box.dataset.run) update(); });
      on("job", (job) => { if (job.run_id === box.dataset.run) update(); });
    }
  }

  // The bell: the operator's recent events and the unread count; a new one is a toast too.
  // Read again every 10 s, and soon after the live feed shows a run's row (events follow runs).
  function wireBell() {
    const bell = document.getElementById("bell");
    if (!bell || !body.dataset.user) return;
    const count = document.getElementById("bell-count");
    const list = document.getElementById("bell-list");
    const kinds = { info: "info", warning: "warning", error: "danger", critical: "danger" };
    let newest = null;
    async function load() {
      let data;
      try { data = await api("/api/notifications"); } catch { return; } // logged out, server away: next time
      const events = data.events || [];
      count.textContent = String(data.unread);
      count.classList.toggle("d-none", !data.unread);
      if (events.length) {
        list.replaceChildren(...events.map((e) => el("div",
          { class: `list-group-item small${e.id > data.last_seen ? " fw-semibold" : ""}`, "data-event": String(e.id) },
          el("span", { class: `badge text-bg-${kinds[e.severity] || "secondary"} me-1`, text: e.severity }),
          el("span", { text: e.text }))));
      }
      const top = events.length ? events[0].id : 0;
      if (newest !== null) {
        events.filter((e) => e.id > newest).reverse()
          .forEach((e) => toast(e.text, kinds[e.severity] || "primary"));
      }
      newest = Math.max(newest || 0, top);
    }
    const update = debounce(load, 1500);
    bell.addEventListener("shown.bs.dropdown", async () => {
      if (!newest) return;
      try { await api("/api/notifications/read", { method: "POST", body: { id: newest } }); } catch { return; }
      await load();
    });
    on("op", update);
    on("job", update);
    load();
    setInterval(update, 10000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    localTimes();
    wireQuickActions();
    wirePage();
    connect();
    wireBell();
  });

  return { api, el, toast, on, refresh, debounce, localTimes };
})();
