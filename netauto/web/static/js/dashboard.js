// Dashboard: the status doughnut and the 7-day timeline (Chart.js, served from the package),
// redrawn with the cards and tables when the operations log changes.
"use strict";

(() => {
  const STATUS_COLORS = { online: "#198754", offline: "#dc3545", warning: "#ffc107", unknown: "#adb5bd" };
  const OP_COLORS = { success: "#198754", failed: "#dc3545", running: "#0d6efd", pending: "#0dcaf0" };
  let timeline = null;
  let status = null;

  function data() {
    const node = document.getElementById("dashboard-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function timelineSets(found) {
    return Object.entries(found.timeline.series).map(([name, values]) => ({
      label: name,
      data: values,
      backgroundColor: OP_COLORS[name] || "#6c757d",
      stack: "ops",
      borderRadius: 2,
    }));
  }

  function draw() {
    const found = data();
    if (!found || !window.Chart) return;
    const labels = found.status_chart.labels;
    if (!status) {
      status = new Chart(document.getElementById("status-chart"), {
        type: "doughnut",
        data: {
          labels,
          datasets: [{
            data: found.status_chart.data,
            backgroundColor: labels.map((name) => STATUS_COLORS[name] || "#6c757d"),
            borderColor: "#fff",
            borderWidth: 2,
          }],
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } },
      });
    } else {
      status.data.datasets[0].data = found.status_chart.data;
      status.update();
    }
    if (!timeline) {
      timeline = new Chart(document.getElementById("timeline-chart"), {
        type: "bar",
        data: { labels: found.timeline.labels, datasets: timelineSets(found) },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    } else {
      timeline.data.labels = found.timeline.labels;
      timeline.data.datasets = timelineSets(found);
      timeline.update();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    draw();
    const update = netauto.debounce(async () => {
      if (await netauto.refresh("/dashboard/part")) draw();
    }, 1500);
    for (const kind of ["op", "reset", "open", "job"]) netauto.on(kind, update);
  });
})();
