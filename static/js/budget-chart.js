// The budget home's chart: what was executed each month (bars, in won) and the cumulative 집행률
// against the province's 신속집행 target (lines, in percent), drawn with the vendored Chart.js from
// the page's <script type="application/json" id="budget-chart-data"> block: no inline script, so
// the CSP's script-src 'self' holds. The table under the chart carries the same figures for
// anyone who cannot see the canvas.
(function () {
  "use strict";

  function number(value) {
    return value === null ? null : Number(value);
  }

  function draw() {
    var canvas = document.getElementById("budget-chart");
    var source = document.getElementById("budget-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    // The canvas draws its own text: in the page's font (Pretendard, vendored), since the
    // machines may have no Hangul font for Chart.js's default Helvetica/Arial.
    window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    var won = new Intl.NumberFormat("ko-KR");
    var rates = data.rate.map(number);
    var targets = data.target.map(number);
    var highest = Math.max.apply(null, [100].concat(rates.filter(function (v) { return v !== null; })));
    new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: "월 집행액",
            data: data.executed,
            yAxisID: "won",
            backgroundColor: "rgba(11, 79, 138, 0.35)",
            borderColor: "#0b4f8a",
            borderWidth: 1,
            order: 3
          },
          {
            type: "line",
            label: "누계 집행률",
            data: rates,
            yAxisID: "rate",
            borderColor: "#1d6b32",
            backgroundColor: "#1d6b32",
            order: 1
          },
          {
            type: "line",
            label: "신속집행 목표",
            data: targets,
            yAxisID: "rate",
            borderColor: "#8a1c1c",
            backgroundColor: "#8a1c1c",
            borderDash: [6, 4],
            stepped: "middle",
            pointRadius: 0,
            order: 2
          }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          won: {
            type: "linear",
            position: "left",
            beginAtZero: true,
            title: { display: true, text: "월 집행액(원)" },
            ticks: { callback: function (value) { return won.format(value); } }
          },
          rate: {
            type: "linear",
            position: "right",
            min: 0,
            max: Math.ceil(highest / 10) * 10,
            title: { display: true, text: "집행률(%)" },
            grid: { drawOnChartArea: false },
            ticks: { callback: function (value) { return value + "%"; } }
          }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = context.parsed.y;
                if (value === null) {
                  return context.dataset.label + ": —";
                }
                return context.dataset.yAxisID === "won"
                  ? context.dataset.label + ": " + won.format(value) + "원"
                  : context.dataset.label + ": " + value.toFixed(1) + "%";
              }
            }
          }
        }
      }
    });
  }

  function drawOnceFontsAreIn() {
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(draw);
    } else {
      draw();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawOnceFontsAreIn);
  } else {
    drawOnceFontsAreIn();
  }
})();
