// Timeline page: the filtered events on a vis-timeline, one row per type. The server (/api/timeline)
// answers for the visible window: the events themselves when at most 1,000 fall in it, else boxes of
// counts per day, week or month; every zoom or pan asks again (debounced), so the timeline never holds
// more than ~1,000 items. Selecting an event opens its page; selecting a box zooms into it.
"use strict";
(async function () {
  const box = document.getElementById("timeline");
  if (typeof vis === "undefined") {
    NG.status("timeline-status", "The timeline library is not installed (make web-assets).", true);
    return;
  }
  const api = box.dataset.api, sep = api.includes("?") ? "&" : "?";
  const DAY = 24 * 3600 * 1000;
  // "2024", "2024-05" and "2024-05-12" as dates (the first day of a year or month)
  const asDate = v => new Date(v.length === 4 ? v + "-01-01" : v.length === 7 ? v + "-01" : v);
  const iso = d => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  const fmt = n => n.toLocaleString("en");
  let data;
  try {
    data = await NG.fetchJSON(api);
  } catch (err) {
    NG.status("timeline-status", "Events could not be loaded: " + err.message, true);
    return;
  }
  if (!data.extent) {
    NG.status("timeline-status", "No dated event matches this filter.");
    box.dataset.items = "0";
    return;
  }
  const groups = new vis.DataSet(data.groups.map(t => ({id: t, content: t})));
  const items = new vis.DataSet();
  function asItems(d) {
    if (d.mode === "buckets") {
      return d.buckets.map((b, i) => ({
        id: "b" + i, group: b.type, start: asDate(b.start), end: asDate(b.end), type: "range",
        content: fmt(b.count), className: "bucket t-" + b.type.toLowerCase(),
        title: NG.el("span", fmt(b.count) + " " + b.type + " events, " + fmt(b.killed) + " killed · " + d.bucket +
                     " of " + b.start + " (click to zoom in)"),
        bucket: [b.start, b.end]}));
    }
    return d.items.map(e => {
      // DOM nodes, never strings: vis-timeline would parse a string as HTML
      const place = e.place ? (e.place.name || e.place.text) : null;
      const content = NG.el("span", e.type + (place ? " · " + place : ""));
      if (e.when_basis === "article") content.classList.add("article-date");
      const title = NG.el("span", NG.eventSummary(e) + " · " + e.when +
                          (e.when_basis === "article" ? " (article date)" : "") + (e.source ? " · " + e.source : ""));
      return {id: e.id, group: e.type, start: asDate(e.when), content: content, title: title,
              className: "t-" + e.type.toLowerCase()};
    });
  }
  let timeline = null;
  function show(d) {
    // boxes of one type never overlap: stacking them (vis-timeline's costliest step) is skipped
    if (timeline) timeline.setOptions({stack: d.mode === "items"});
    items.clear();
    items.add(asItems(d));
    box.dataset.items = String(items.length);
    box.dataset.mode = d.mode;
    NG.status("timeline-status", fmt(d.total) + " dated event" + (d.total === 1 ? "" : "s") + " in view" +
              (d.mode === "buckets" ? ", counted per " + d.bucket + " (zoom in to see the events)" : ""));
  }
  show(data);
  const lo = asDate(data.extent[0]).getTime(), hi = asDate(data.extent[1]).getTime() + DAY;
  // a twentieth of the span (at least a week) either side, so that the first and last boxes fit
  const pad = Math.max((hi - lo) / 20, 7 * DAY);
  timeline = new vis.Timeline(box, items, groups, {
    stack: data.mode === "items", zoomable: true, maxHeight: 640, orientation: "top", tooltip: {followMouse: false},
    start: new Date(lo - pad), end: new Date(hi + pad), zoomMin: DAY, groupOrder: (a, b) => data.groups.indexOf(a.id) - data.groups.indexOf(b.id)});
  window.__ngTimeline = timeline;
  let timer = null, asked = 0;
  timeline.on("rangechanged", props => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++asked;
      let d;
      try {
        d = await NG.fetchJSON(api + sep + "start=" + iso(props.start) + "&end=" + iso(props.end));
      } catch (err) {
        NG.status("timeline-status", "Events could not be loaded: " + err.message, true);
        return;
      }
      if (ticket === asked) show(d);
    }, 250);
  });
  timeline.on("select", props => {
    if (!props.items.length) return;
    const it = items.get(props.items[0]);
    if (it && it.bucket) {
      timeline.setWindow(asDate(it.bucket[0]), asDate(it.bucket[1]));
    } else {
      window.location.href = "/events/" + encodeURIComponent(props.items[0]);
    }
  });
  box.dataset.ready = "1";
})();
