// pinkit collect dashboard: draws the timeline from the JSON the server
// rendered into #chart-data. No network calls, no inline script. The bar
// charts are HTML (one label per row, so labels cannot overlap).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
  var colors = { interception: "#c62828", rotation: "#ef8f00", misconfiguration: "#6a4fb3", unknown: "#7a8291" };

  function timeline() {
    var el = document.getElementById("timeline");
    var xs = data.times || [], names = data.verdicts || [];
    var cols = [xs], series = [{}];
    names.forEach(function (v) {
      cols.push((data.series || {})[v] || []);
      series.push({ label: v, stroke: colors[v] || "#333", width: 2, points: { show: false } });
    });
    var w = Math.max(300, el.clientWidth || 800);
    // Wider spacing between x ticks on narrow screens: each label is a
    // date and a time, about 80 px at 12 px.
    var opts = {
      width: w, height: 240, series: series,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      scales: { x: { time: true } },
      axes: [
        { space: 110, font: "12px system-ui, sans-serif", values: [
          [86400 * 365, "{YYYY}", null, null, null, null, null, null, 1],
          [86400 * 28, "{MMM}", "\n{YYYY}", null, null, null, null, null, 1],
          [86400, "{M}/{D}", "\n{YYYY}", null, null, null, null, null, 1],
          [3600, "{HH}:{mm}", "\n{M}/{D}", null, "\n{M}/{D}", null, null, null, 1],
          [60, "{HH}:{mm}", "\n{M}/{D}", null, "\n{M}/{D}", null, null, null, 1],
          [1, "{HH}:{mm}:{ss}", "\n{M}/{D}", null, "\n{M}/{D}", null, null, null, 1]
        ] },
        { space: 30, size: 50, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7], font: "12px system-ui, sans-serif", label: "failures", labelFont: "12px system-ui, sans-serif" }
      ]
    };
    var u = new uPlot(opts, cols, el);
    window.pinkitTimeline = u; // read by the browser test (label overlap)
    window.addEventListener("resize", function () { u.setSize({ width: Math.max(300, el.clientWidth), height: 240 }); });
  }

  timeline();
  document.body.setAttribute("data-charts", "ready");
})();
