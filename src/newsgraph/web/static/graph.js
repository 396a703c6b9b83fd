// Actor graph: the strongest relations as coloured edges (Cytoscape.js), actors coloured by community,
// only the most reported ones labelled (font size by reports; the others on hover); the slider shows the
// graph as of a date (edges whose earliest evidence is later are hidden).
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
  // Communities, biggest first (Tableau 10); the rest grey.
  const COMMUNITY = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                     "#9c755f", "#bab0ac"];
  let data;
  try {
    data = await NG.fetchJSON(box.dataset.api);
  } catch (err) {
    NG.status("graph-status", "Relations could not be loaded: " + err.message, true);
    return;
  }
  const maxWeight = Math.max(1, ...data.nodes.map(n => n.weight || 1));
  const elements = data.nodes.map(n => ({data: {id: n.id, label: n.label === false ? "" : n.name, name: n.name,
                                                type: n.type || "", degree: n.degree, weight: n.weight || 1,
                                                color: COMMUNITY[n.community] || "#8c8c8c"}}))
    .concat(data.edges.map(e => ({data: {id: e.id, source: e.source, target: e.target, type: e.type,
                                         label: e.type, first: e.first_seen || "", reports: e.reports,
                                         color: COLORS[e.type] || "#999999"}})));
  // A circle reads best for a few actors; force-directed (cose) for more.
  const layout = data.nodes.length <= 14
    ? {name: "circle", padding: 60, avoidOverlap: true}
    : {name: "cose", animate: false, nodeRepulsion: 400000, idealEdgeLength: 140, componentSpacing: 120,
       padding: 40, numIter: data.nodes.length > 60 ? 250 : 1000};  // the layout runs in one task: keep it short
  const cy = cytoscape({
    container: box, elements: elements, maxZoom: 2.5, minZoom: 0.1,
    style: [
      {selector: "node", style: {"label": "data(label)", "background-color": "data(color)", "color": "#222",
        "font-size": "mapData(weight, 1, " + maxWeight + ", 14, 26)", "text-valign": "bottom", "text-margin-y": 4,
        "text-wrap": "wrap", "text-max-width": 160, "text-background-color": "#ffffff", "text-background-opacity": 0.85,
        "border-width": 1, "border-color": "#ffffff",
        "width": "mapData(weight, 1, " + maxWeight + ", 14, 54)", "height": "mapData(weight, 1, " + maxWeight + ", 14, 54)"}},
      {selector: "node.hover", style: {"label": "data(name)", "z-index": 10}},
      {selector: "edge", style: {"line-color": "data(color)", "target-arrow-color": "data(color)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "font-size": 10,
        "label": data.edges.length <= 30 ? "data(label)" : "",  // many edge labels hide the actors' names
        "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "color": "#555", "text-rotation": "autorotate", "width": "mapData(reports, 1, 20, 1, 7)", "opacity": 0.8,
        "min-zoomed-font-size": 9}},
      {selector: ".hidden", style: {"display": "none"}},
    ],
    layout: layout,
  });
  if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }  // a small graph is not blown up to the box
  cy.on("mouseover", "node", evt => evt.target.addClass("hover"));
  cy.on("mouseout", "node", evt => evt.target.removeClass("hover"));
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
  NG.status("graph-status", data.nodes.length + " actors, " + data.edges.length + " relations, " + data.communities + (data.communities === 1 ? " community" : " communities") +
            (data.total_edges > data.edges.length ? " (strongest " + data.edges.length + " of " + data.total_edges + ")" : ""));
  box.dataset.nodes = String(data.nodes.length);
  box.dataset.edges = String(data.edges.length);
})();
