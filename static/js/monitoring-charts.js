// Draws the monitoring pages' charts with the vendored Chart.js: every <canvas data-chart="ID">
// reads the JSON the page put in <script id="ID" type="application/json"> (labels, values as
// text, unit, decimals). Each chart has the same data as a table on the page; the canvas is
// only a picture of it. Numbers are written the Korean way (1,234.5명).
(function () {
  "use strict";

  function formatter(data) {
    var number = new Intl.NumberFormat("ko-KR", {
      minimumFractionDigits: data.decimals, maximumFractionDigits: data.decimals,
    });
    return function (value) { return value === null || value === undefined ? "—" : number.format(value) + data.unit; };
  }

  function draw(canvas) {
    if (canvas.dataset.drawn || !window.Chart) { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var values = data.values.map(function (v) { return v === null ? null : parseFloat(v); });
    var format = formatter(data);
    var spark = canvas.parentElement.classList.contains("spark") || canvas.parentElement.classList.contains("small");
    var bar = data.kind === "bar";
    canvas.dataset.drawn = "1";
    if (bar) {  // one row per institution, however many there are
      canvas.parentElement.style.height = Math.max(240, values.length * 22 + 40) + "px";
    }
    new window.Chart(canvas, {
      type: bar ? "bar" : "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label, data: values, spanGaps: true,
          borderColor: "#0b4f8a", backgroundColor: bar ? "rgba(11, 79, 138, .75)" : "rgba(11, 79, 138, .12)",
          fill: !bar && spark, pointRadius: spark ? 0 : 2, borderWidth: spark ? 1.5 : 2, tension: 0.2,
        }],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: bar ? "y" : "x",
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return format(item.raw); } } },
        },
        scales: spark ? { x: { display: false }, y: { display: false } } : {
          x: bar ? { ticks: { callback: function (v) { return format(v); } } } : { ticks: { maxTicksLimit: 8 } },
          y: bar ? { ticks: { autoSkip: false } } : { ticks: { callback: function (v) { return format(v); } } },
        },
      },
    });
  }

  function drawAll(root) {
    if (window.Chart) {  // the page's own font (Pretendard): a canvas has no Hangul of its own here
      window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    }
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Draw once the web font is there, or the canvas would keep the fallback's missing glyphs.
    (document.fonts ? document.fonts.ready : Promise.resolve()).then(function () { drawAll(document); });
  });
  // Tables swapped in by htmx (a filter, a sort) bring their own canvases.
  document.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
})();
