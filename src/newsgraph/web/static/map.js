// Map page: a world base map from world-atlas (TopoJSON, no tile server) and the filtered events as
// clustered markers; a marker's popup links to the event page.
"use strict";
(async function () {
  const box = document.getElementById("map");
  if (typeof L === "undefined" || typeof topojson === "undefined") {
    NG.status("map-status", "The map libraries are not installed (make web-assets).", true);
    return;
  }
  const map = L.map(box, {worldCopyJump: true, minZoom: 1, maxZoom: 12}).setView([15, 25], 3);
  window.__ngMap = map;  // for tests and the browser console
  try {
    const world = await NG.fetchJSON(box.dataset.world);
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: {color: "#8a8f98", weight: 0.6, fillColor: "#e9e4d8", fillOpacity: 1},
      interactive: false,
    }).addTo(map);
  } catch (err) {
    NG.status("map-status", "Base map could not be loaded: " + err.message, true);
  }
  let data;
  try {
    data = await NG.fetchAll(box.dataset.api);
  } catch (err) {
    NG.status("map-status", "Events could not be loaded: " + err.message, true);
    return;
  }
  const clusters = L.markerClusterGroup({maxClusterRadius: 40, spiderfyOnMaxZoom: true});
  const bounds = [];
  const fine = [];  // points of towns and sites: they, not country centres, say where the data is
  for (const e of data.items) {
    if (!e.place || e.place.lat === null || e.place.lon === null) continue;
    const icon = L.divIcon({className: "ev-marker t-" + e.type.toLowerCase(), iconSize: [14, 14]});
    const marker = L.marker([e.place.lat, e.place.lon], {icon: icon, title: NG.eventSummary(e)});
    const pop = NG.el("div", null, {"class": "popup"});
    pop.appendChild(NG.el("b", e.type));
    pop.appendChild(NG.el("div", NG.eventSummary(e)));
    pop.appendChild(NG.el("div", (e.when || "undated") + (e.source ? " · " + e.source : "")));
    pop.appendChild(NG.el("a", "Open the event and its evidence", {href: "/events/" + encodeURIComponent(e.id),
                                                                  "class": "popup-link"}));
    marker.bindPopup(pop);
    clusters.addLayer(marker);
    bounds.push([e.place.lat, e.place.lon]);
    if (e.place.precision === "city" || e.place.precision === "site") fine.push([e.place.lat, e.place.lon]);
  }
  map.addLayer(clusters);
  const extent = coreExtent(fine.length ? fine : bounds);
  if (extent) map.fitBounds(extent, {padding: [30, 30], maxZoom: 8});
  NG.status("map-status", bounds.length + " located event" + (bounds.length === 1 ? "" : "s") +
            (data.total !== null && data.total > data.items.length ? " (first " + data.items.length + " of " + data.total + ")" : ""));
  box.dataset.markers = String(bounds.length);
  if (extent) box.dataset.extent = extent.map(function (p) { return p.map(function (v) { return v.toFixed(2); }).join(","); }).join(";");
})();

// The region of the data: the box of the points without the farthest 5% on each side once there are
// enough of them (one stray event in another continent must not zoom the map out to the world).
function coreExtent(points) {
  if (!points.length) return null;
  const TRIM = points.length >= 20 ? 0.05 : 0;
  const lats = points.map(function (p) { return p[0]; }).sort(function (a, b) { return a - b; });
  const lons = points.map(function (p) { return p[1]; }).sort(function (a, b) { return a - b; });
  const lo = Math.floor(TRIM * (points.length - 1)), hi = Math.ceil((1 - TRIM) * (points.length - 1));
  return [[lats[lo], lons[lo]], [lats[hi], lons[hi]]];
}
