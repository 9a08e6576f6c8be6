// Device page: CPU, memory, latency and per-interface traffic over an hour, a day or a week,
// from /api/devices/<name>/samples (poll samples; hourly roll-ups for the week).
"use strict";

(() => {
  const card = document.getElementById("monitoring");
  if (!card || !window.Chart) return;
  const COLORS = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"];
  const charts = {};
  window.netautoDeviceCharts = charts;

  function time(point, span) {
    const at = new Date(point.t);
    return span === "hour" || span === "day"
      ? at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : at.toLocaleString([], { weekday: "short", hour: "2-digit" });
  }

  function lines(points, field, label, color) {
    return [{ label, data: points.map((p) => p[field]), borderColor: color, backgroundColor: color,
              pointRadius: 0, borderWidth: 2, spanGaps: true }];
  }

  function traffic(points) {
    const names = [...new Set(points.flatMap((p) => Object.keys(p.interfaces || {})))].sort();
    const sets = [];
    names.forEach((name, i) => {
      const color = COLORS[i % COLORS.length];
      sets.push({ label: `${name} in`, data: points.map((p) => (p.interfaces[name] || [null])[0]),
                  borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2,
                  spanGaps: true });
      sets.push({ label: `${name} out`, data: points.map((p) => (p.interfaces[name] || [null, null])[1]),
                  borderColor: color, backgroundColor: color, borderDash: [4, 3], pointRadius: 0,
                  borderWidth: 2, spanGaps: true });
    });
    return sets;
  }

  function draw(id, labels, datasets, max) {
    const scales = { y: { beginAtZero: true, ...(max ? { max } : {}) } };
    if (charts[id]) {
      charts[id].data.labels = labels;
      charts[id].data.datasets = datasets;
      charts[id].update();
      return;
    }
    charts[id] = new Chart(document.getElementById(`chart-${id}`), {
      type: "line",
      data: { labels, datasets },
      options: { animation: false, maintainAspectRatio: false, scales,
                 plugins: { legend: { display: id === "traffic", labels: { boxWidth: 12 } } } },
    });
  }

  async function load(span) {
    const response = await fetch(`${card.dataset.samples}?span=${span}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const found = await response.json();
    const points = found.points;
    const labels = points.map((p) => time(p, span));
    draw("cpu", labels, lines(points, "cpu_percent", "CPU %", COLORS[0]), 100);
    draw("memory", labels, lines(points, "memory_percent", "Memory %", COLORS[1]), 100);
    draw("latency", labels, lines(points, "latency_ms", "Latency ms", COLORS[3]));
    draw("traffic", labels, traffic(points));
    card.querySelector('[data-slot="empty"]').classList.toggle("d-none", points.length > 0);
    card.querySelector('[data-slot="points"]').textContent = `${points.length} points, last ${span}`;
    card.dataset.span = span;
    card.dataset.points = String(points.length);
  }

  card.querySelectorAll("[data-span]").forEach((button) => {
    button.addEventListener("click", () => {
      card.querySelectorAll("[data-span]").forEach((b) => b.classList.toggle("active", b === button));
      load(button.dataset.span);
    });
  });
  load("hour");
})();
