/* Draws a chart above each statistics table from the numbers in the table (the page is complete without it). */
(function () {
  "use strict";
  var Chart = window.Chart;
  if (!Chart) return;
  var COLOURS = ["#2849b8", "#b82828", "#1f8a4c", "#c27c0e", "#7b3fb8", "#0e8a94", "#5c616b", "#b8287b"];

  function readTable(table) {
    var headings = table.querySelectorAll("thead th");
    var series = [];
    for (var column = 1; column < headings.length; column += 1) {
      series.push({ label: headings[column].textContent, data: [] });
    }
    var labels = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      labels.push(row.querySelector("th").textContent);
      row.querySelectorAll("td").forEach(function (cell, index) {
        var value = cell.getAttribute("data-value");
        series[index].data.push(value === null ? null : Number(value));
      });
    });
    return { labels: labels, series: series };
  }

  function draw(table) {
    var holder = document.querySelector('[data-chart-for="' + table.id + '"]');
    if (!holder) return;
    var data = readTable(table);
    var kind = table.getAttribute("data-chart") === "line" ? "line" : "bar";
    var stacked = table.getAttribute("data-stacked") === "true";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", table.getAttribute("data-chart-label") || "");
    holder.appendChild(canvas);
    var twoAxes = kind === "line" && data.series.length === 2;
    new Chart(canvas, {
      type: kind,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          var colour = COLOURS[index % COLOURS.length];
          return {
            label: series.label,
            data: series.data,
            backgroundColor: colour,
            borderColor: colour,
            spanGaps: true,
            yAxisID: twoAxes && index === 1 ? "y1" : "y",
          };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: twoAxes
          ? {
              y: { beginAtZero: true, position: "left" },
              y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } },
            }
          : { x: { stacked: stacked }, y: { beginAtZero: true, stacked: stacked } },
      },
    });
  }

  document.querySelectorAll("table[data-chart]").forEach(draw);
})();
