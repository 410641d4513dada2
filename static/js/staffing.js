// Consolidation charts: age structure and vacancies (data rendered by the server into #staffing-charts).
(function () {
  const data = JSON.parse(document.getElementById("staffing-charts").textContent);
  if (!window.Chart) return;
  new Chart(document.getElementById("pyramidChart"), {
    type: "bar",
    data: { labels: data.pyramid.labels, datasets: [{ label: "Работников", data: data.pyramid.values,
      backgroundColor: data.pyramid.labels.map((_, i) => (i >= 7 ? "#dc3545" : "#2d6a9f")) }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  new Chart(document.getElementById("vacancyChart"), {
    type: "bar",
    data: { labels: data.vacancies.labels, datasets: [{ label: "Вакансий, ставок", data: data.vacancies.values, backgroundColor: "#f0a500" }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  });
})();
