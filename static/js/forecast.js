// Forecast chart: total shortage with its P10–P90 band; redrawn after every HTMX recomputation.
(function () {
  let chart = null;
  function draw() {
    const el = document.getElementById("gapChart");
    if (!el || !window.Chart) return;
    const d = JSON.parse(el.dataset.chart);
    if (chart) chart.destroy();
    chart = new Chart(el, {
      type: "line",
      data: { labels: d.years, datasets: [
        { label: "P90", data: d.p90, borderColor: "rgba(220,53,69,.3)", backgroundColor: "rgba(45,106,159,.15)", fill: "+2", pointRadius: 0 },
        { label: "Медиана (P50)", data: d.p50, borderColor: "#1f4e79", backgroundColor: "#1f4e79", borderWidth: 3, fill: false },
        { label: "P10", data: d.p10, borderColor: "rgba(25,135,84,.4)", pointRadius: 0, fill: false },
      ] },
      options: { interaction: { mode: "index", intersect: false }, scales: { y: { beginAtZero: true, title: { display: true, text: "ставок" } } } },
    });
  }
  window.orientirForecastChart = draw;
  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
