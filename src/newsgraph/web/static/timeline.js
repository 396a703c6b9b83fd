// Timeline page: filtered events on a vis-timeline, grouped by type; selecting one opens its page.
"use strict";
(async function () {
  const box = document.getElementById("timeline");
  if (typeof vis === "undefined") {
    NG.status("timeline-status", "The timeline library is not installed (make web-assets).", true);
    return;
  }
  let data;
  try {
    data = await NG.fetchAll(box.dataset.api);
  } catch (err) {
    NG.status("timeline-status", "Events could not be loaded: " + err.message, true);
    return;
  }
  const dated = data.items.filter(e => e.when);
  const types = [...new Set(dated.map(e => e.type))].sort();
  const groups = new vis.DataSet(types.map(t => ({id: t, content: t})));
  // "2024", "2024-05" and "2024-05-12" as dates (the first day of a year or month)
  const asDate = v => new Date(v.length === 4 ? v + "-01-01" : v.length === 7 ? v + "-01" : v);
  const items = new vis.DataSet(dated.map(e => {
    // DOM nodes, never strings: vis-timeline would parse a string as HTML
    const place = e.place ? (e.place.name || e.place.text) : null;
    const content = NG.el("span", e.type + (place ? " · " + place : ""));
    if (e.when_basis === "article") content.classList.add("article-date");
    const title = NG.el("span", NG.eventSummary(e) + " · " + e.when +
                        (e.when_basis === "article" ? " (article date)" : "") + (e.source ? " · " + e.source : ""));
    return {id: e.id, group: e.type, start: asDate(e.when), content: content, title: title,
            className: "t-" + e.type.toLowerCase()};
  }));
  const times = dated.map(e => asDate(e.when).getTime());
  const options = {stack: true, zoomable: true, maxHeight: 640, orientation: "top", tooltip: {followMouse: false}};
  if (times.length) {
    // a tenth of the span (at least two weeks) either side, so that the labels of the first and last
    // events fit inside the window
    const lo = Math.min(...times), hi = Math.max(...times);
    const pad = Math.max((hi - lo) / 10, 14 * 24 * 3600 * 1000);
    options.start = new Date(lo - pad);
    options.end = new Date(hi + pad);
  }
  const timeline = new vis.Timeline(box, items, groups, options);
  timeline.on("select", props => {
    if (props.items.length) window.location.href = "/events/" + encodeURIComponent(props.items[0]);
  });
  window.__ngTimeline = timeline;
  const undated = data.items.length - dated.length;
  NG.status("timeline-status", dated.length + " dated event" + (dated.length === 1 ? "" : "s") +
            (undated ? ", " + undated + " without any date not shown" : ""));
  box.dataset.items = String(dated.length);
})();
