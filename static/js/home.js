// Home dashboard chart: organisations by kind (data is rendered by the server into #kinds-data).
(function () {
  const el = document.getElementById("kindsChart");
  const data = JSON.parse(document.getElementById("kinds-data").textContent);
  if (!el || !window.Chart) return;
  new Chart(el, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "Организаций", data: data.values, backgroundColor: "#2d6a9f", borderRadius: 4 }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
