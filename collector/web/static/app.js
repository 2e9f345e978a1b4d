// pinkit collect dashboard: draws the charts from the JSON the server
// rendered into #chart-data. No network calls, no inline script.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
  function width(el) { return Math.max(320, el.clientWidth || 800); }

  function timeline() {
    var el = document.getElementById("timeline");
    var xs = data.times || [], ys = data.counts || [];
    new uPlot({
      width: width(el), height: 220,
      series: [{}, { label: "failures", stroke: "#d0342c", fill: "rgba(208,52,44,.15)", width: 2 }],
      axes: [{}, { label: "failures" }],
      scales: { x: { time: true } }
    }, [xs, ys], el);
  }

  function issuers() {
    var el = document.getElementById("issuers-chart");
    var names = data.issuers || [], counts = data.issuerCounts || [];
    if (!names.length) { return; }
    var xs = names.map(function (_, i) { return i; });
    new uPlot({
      width: width(el), height: 180,
      scales: { x: { time: false, range: [-0.5, names.length - 0.5] } },
      series: [{}, { label: "failures", stroke: "#2c5bd0", fill: "rgba(44,91,208,.6)",
        paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false } }],
      axes: [{ values: function (u, vals) { return vals.map(function (v) { return names[v] === undefined ? "" : names[v].slice(0, 28); }); } }, {}]
    }, [xs, counts], el);
  }

  timeline();
  issuers();
  document.body.setAttribute("data-charts", "ready");
})();
