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
  const items = new vis.DataSet(dated.map(e => {
    const content = NG.el("span", NG.eventSummary(e));  // a DOM node: vis never parses it as HTML
    if (e.when_basis === "article") content.classList.add("article-date");
    return {id: e.id, group: e.type, start: e.when, content: content,
            className: "t-" + e.type.toLowerCase()};
  }));
  const timeline = new vis.Timeline(box, items, groups, {stack: true, zoomable: true, maxHeight: 640,
                                                         orientation: "top", tooltip: {followMouse: false}});
  timeline.on("select", props => {
    if (props.items.length) window.location.href = "/events/" + encodeURIComponent(props.items[0]);
  });
  window.__ngTimeline = timeline;
  const undated = data.items.length - dated.length;
  NG.status("timeline-status", dated.length + " dated event" + (dated.length === 1 ? "" : "s") +
            (undated ? ", " + undated + " without any date not shown" : ""));
  box.dataset.items = String(dated.length);
})();
