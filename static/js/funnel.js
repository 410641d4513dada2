// The funnel page's chart of key stages by the chosen breakdown; data rendered by the server into #breakdown-data.
(function () {
  const holder = document.getElementById("breakdown-data");
  const canvas = document.getElementById("breakdownChart");
  if (!holder || !canvas || !window.Chart) return;
  const data = JSON.parse(holder.textContent);
  const colors = ["#9ec5fe", "#6ea8fe", "#1f4e79", "#198754"];
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels,
            datasets: data.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: colors[i % colors.length] })) },
    options: { plugins: { legend: { position: "bottom" } },
               scales: { x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 0 } },
                         y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
