// The overview chart: server-side aggregates (/api/aggregates) drawn with uPlot; dragging across the
// chart (uPlot's select) opens the events page filtered to that date range.
(function () {
  "use strict";
  var el = document.getElementById("chart");
  if (!el || typeof uPlot === "undefined") return;
  var status = document.getElementById("chart-status");
  var by = document.getElementById("chart-by"), bucket = document.getElementById("chart-bucket"),
      metric = document.getElementById("chart-metric");
  var COLOURS = ["#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#17a589", "#7f8c8d"];
  var plot = null;

  function day(ts) { return new Date(ts * 1000).toISOString().slice(0, 10); }

  function draw(data) {
    if (plot) { plot.destroy(); plot = null; }
    el.dataset.buckets = String(data.buckets.length);
    if (!data.buckets.length) { status.textContent = "No day-dated events to chart."; return; }
    var xs = data.buckets.map(function (b) { return Date.parse(b + "T00:00:00Z") / 1000; });
    var m = metric.value;
    var cols = [xs].concat(data.series.map(function (s) { return s[m]; }));
    var series = [{}].concat(data.series.map(function (s, i) {
      return { label: s.label, stroke: COLOURS[i % COLOURS.length], width: 1.5, points: { show: xs.length < 60 } };
    }));
    var step = data.bucket === "week" ? 6 : 0;
    plot = new uPlot({
      width: Math.max(320, el.clientWidth || 900), height: 260, series: series,
      scales: { x: { time: true } }, axes: [{}, { label: m }],
      cursor: { drag: { x: true, y: false, setScale: false } },
      hooks: { setSelect: [function (u) {
        if (u.select.width < 2) return;
        var lo = u.posToVal(u.select.left, "x"), hi = u.posToVal(u.select.left + u.select.width, "x");
        var until = new Date((hi + step * 86400) * 1000).toISOString().slice(0, 10);
        var q = new URLSearchParams(window.location.search);
        q.set("since", day(lo)); q.set("until", until);
        el.dataset.selected = day(lo) + "/" + until;
        window.location.href = el.dataset.events + "?" + q.toString();
      }] }
    }, cols, el);
    el.dataset.series = String(data.series.length);
    el.dataset.by = data.by;
    status.textContent = data.undated ? data.undated + " events without a day are not charted." : "";
  }

  function load() {
    var q = new URLSearchParams(window.location.search);
    q.set("by", by.value); q.set("bucket", bucket.value);
    status.textContent = "Loading the chart…";
    fetch(el.dataset.api + "?" + q.toString()).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(draw).catch(function (e) { status.textContent = "The chart could not be loaded: " + e.message; });
  }
  [by, bucket, metric].forEach(function (s) { s.addEventListener("change", load); });
  window.__ngChart = function () { return plot; };
  load();
})();
