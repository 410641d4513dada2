// Execution dashboard charts; the data is rendered by the server into #plan-chart.
(function () {
  const data = JSON.parse(document.getElementById("plan-chart").textContent);
  if (!window.Chart) return;
  const colors = { on_time: "#198754", late: "#ffc107", overdue: "#dc3545", open: "#adb5bd" };
  const units = document.getElementById("unitsChart");
  if (units) {
    new Chart(units, {
      type: "bar",
      data: { labels: data.labels, datasets: [
        { label: "В срок", data: data.on_time, backgroundColor: colors.on_time },
        { label: "С опозданием", data: data.late, backgroundColor: colors.late },
        { label: "Просрочено", data: data.overdue, backgroundColor: colors.overdue },
        { label: "Срок не наступил", data: data.open, backgroundColor: colors.open },
      ] },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  const total = document.getElementById("totalChart");
  if (total) {
    const t = data.totals;
    new Chart(total, {
      type: "doughnut",
      data: { labels: ["В срок", "С опозданием", "Просрочено", "Срок не наступил"],
              datasets: [{ data: [t.done_on_time, t.done_late, t.overdue, t.open],
                           backgroundColor: [colors.on_time, colors.late, colors.overdue, colors.open] }] },
      options: { plugins: { legend: { position: "bottom" } } },
    });
  }
})();
