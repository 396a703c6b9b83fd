// Actor graph: relations as coloured edges (Cytoscape.js); the slider shows the graph as of a date
// (edges whose earliest evidence is later are hidden).
"use strict";
(async function () {
  const box = document.getElementById("graph");
  if (typeof cytoscape === "undefined") {
    NG.status("graph-status", "The graph library is not installed (make web-assets).", true);
    return;
  }
  // One colour per relation type (ColorBrewer Set1/Dark2, readable on white); unknown types grey.
  const COLORS = {supports: "#1b9e77", arms: "#d95f02", funds: "#e6ab02", fights: "#e41a1c",
                  allied_with: "#377eb8", opposes: "#984ea3", commands: "#666666", member_of: "#a6761d",
                  negotiates_with: "#66a61e", sanctions: "#7570b3", recognizes: "#1f78b4"};
  let data;
  try {
    data = await NG.fetchJSON(box.dataset.api);
  } catch (err) {
    NG.status("graph-status", "Relations could not be loaded: " + err.message, true);
    return;
  }
  const elements = data.nodes.map(n => ({data: {id: n.id, label: n.name, type: n.type || "", degree: n.degree}}))
    .concat(data.edges.map(e => ({data: {id: e.id, source: e.source, target: e.target, type: e.type,
                                         label: e.type, first: e.first_seen || "", reports: e.reports,
                                         color: COLORS[e.type] || "#999999"}})));
  // A circle reads best for a few actors; force-directed (cose) for more.
  const layout = data.nodes.length <= 14
    ? {name: "circle", padding: 60, avoidOverlap: true}
    : {name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 140, componentSpacing: 120,
       padding: 40};
  const cy = cytoscape({
    container: box, elements: elements, maxZoom: 2.5, minZoom: 0.1,
    style: [
      {selector: "node", style: {"label": "data(label)", "background-color": "#35495e", "color": "#222",
        "font-size": 12, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap",
        "text-max-width": 140, "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "width": "mapData(degree, 1, 10, 18, 46)", "height": "mapData(degree, 1, 10, 18, 46)"}},
      {selector: "edge", style: {"line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)", "font-size": 10,
        "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "color": "#555", "text-rotation": "autorotate", "width": "mapData(reports, 1, 10, 1.5, 6)"}},
      {selector: ".hidden", style: {"display": "none"}},
    ],
    layout: layout,
  });
  if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }  // a small graph is not blown up to the box
  cy.on("tap", "node", evt => { window.location.href = "/actors/" + encodeURIComponent(evt.target.id()); });
  window.__ngGraph = cy;

  const legend = document.getElementById("graph-legend");
  for (const t of [...new Set(data.edges.map(e => e.type))].sort()) {
    const li = NG.el("li", t);
    li.style.borderLeft = "14px solid " + (COLORS[t] || "#999999");
    legend.appendChild(li);
  }
  const dates = [...new Set(data.edges.map(e => e.first_seen).filter(Boolean))].sort();
  const slider = document.getElementById("as-of"), label = document.getElementById("as-of-label");
  function apply() {
    const idx = Number(slider.value);
    const asOf = idx >= dates.length ? null : dates[idx];
    label.textContent = asOf ? asOf : "all dates";
    cy.batch(() => {
      cy.edges().forEach(edge => {
        const first = edge.data("first");
        edge.toggleClass("hidden", !!(asOf && first && first > asOf));
      });
      cy.nodes().forEach(node => {
        node.toggleClass("hidden", node.connectedEdges().filter(e => !e.hasClass("hidden")).length === 0);
      });
    });
    box.dataset.visibleEdges = String(cy.edges().filter(e => !e.hasClass("hidden")).length);
  }
  if (dates.length) {
    slider.max = String(dates.length);  // the last position means "all dates"
    slider.value = String(dates.length);
    slider.disabled = false;
    slider.addEventListener("input", apply);
  }
  apply();
  NG.status("graph-status", data.nodes.length + " actors, " + data.edges.length + " relations" +
            (data.total_edges > data.edges.length ? " (strongest " + data.edges.length + " of " + data.total_edges + ")" : ""));
  box.dataset.nodes = String(data.nodes.length);
  box.dataset.edges = String(data.edges.length);
})();
