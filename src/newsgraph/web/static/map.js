// Map page: a world base map from world-atlas (TopoJSON, no tile server) and the filtered events as bins
// computed on the server (/api/map): a circle per grid cell with its event count, one marker per site
// from town level on. The map opens on the box the server says the events lie in; every pan or zoom
// asks for the bins of the new view. A bin's popup zooms in or links to its events.
"use strict";
(async function () {
  const box = document.getElementById("map");
  if (typeof L === "undefined" || typeof topojson === "undefined") {
    NG.status("map-status", "The map libraries are not installed (make web-assets).", true);
    return;
  }
  const map = L.map(box, {worldCopyJump: true, minZoom: 1, maxZoom: 14}).setView([15, 25], 3);
  window.__ngMap = map;  // for tests and the browser console
  const api = box.dataset.api, events = box.dataset.events;
  const sep = api.includes("?") ? "&" : "?";
  const layer = L.layerGroup().addTo(map);
  const outlines = fetch(box.dataset.world).then(r => r.json()).then(world => {
    L.geoJSON(topojson.feature(world, world.objects.countries), {
      style: {color: "#8a8f98", weight: 0.6, fillColor: "#e9e4d8", fillOpacity: 1}, interactive: false,
    }).addTo(map).bringToBack();
  }).catch(err => NG.status("map-status", "Base map could not be loaded: " + err.message, true));

  const fmt = n => n.toLocaleString("en");
  function icon(b) {
    if (b.count === 1) return L.divIcon({className: "ev-marker", iconSize: [14, 14]});
    const size = Math.round(22 + 9 * Math.log10(b.count));  // 22 px for 2 events, 58 px for 10,000
    return L.divIcon({className: "map-bin" + (b.killed ? " has-killed" : ""), iconSize: [size, size],
                      html: "<span>" + (b.count >= 10000 ? Math.round(b.count / 1000) + "k" : b.count) + "</span>"});
  }
  function popup(b, data) {
    const pop = NG.el("div", null, {"class": "popup"});
    pop.appendChild(NG.el("b", fmt(b.count) + " event" + (b.count === 1 ? "" : "s") + (b.place ? " in " + b.place : "")));
    pop.appendChild(NG.el("div", fmt(b.killed) + " killed (reported)"));
    if (b.event) {
      pop.appendChild(NG.el("a", "Open the event and its evidence", {href: "/events/" + encodeURIComponent(b.event),
                                                                    "class": "popup-link"}));
    } else if (b.place) {
      pop.appendChild(NG.el("a", "List these events", {"class": "popup-link",
        href: events + (events.includes("?") ? "&" : "?") + "place=" + encodeURIComponent(b.place)}));
    }
    if (!data.points && b.count > 1) {
      const zoom = NG.el("a", "Zoom in", {href: "#", "class": "popup-zoom"});
      zoom.addEventListener("click", ev => { ev.preventDefault(); map.closePopup(); map.fitBounds(b.bounds, {maxZoom: data.zoom + 3, padding: [40, 40]}); });
      pop.appendChild(NG.el("div")).appendChild(zoom);
    }
    return pop;
  }
  let asked = 0;
  async function load(first) {
    const ticket = ++asked;
    const z = map.getZoom(), b = map.getBounds().pad(0.25);
    const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()),
                  Math.min(90, b.getNorth())].map(v => v.toFixed(4)).join(",");
    let data;
    try {
      data = await NG.fetchJSON(api + sep + "zoom=" + z + (first ? "" : "&bbox=" + bbox));
    } catch (err) {
      NG.status("map-status", "Events could not be loaded: " + err.message, true);
      return null;
    }
    if (ticket !== asked) return null;  // a later view was asked for meanwhile
    layer.clearLayers();
    for (const bin of data.bins) {
      const m = L.marker([bin.lat, bin.lon], {icon: icon(bin), title: fmt(bin.count) + " events" + (bin.place ? " in " + bin.place : "")});
      m.bindPopup(() => popup(bin, data));
      layer.addLayer(m);
    }
    box.dataset.bins = String(data.bins.length);
    box.dataset.zoom = String(data.zoom);
    NG.status("map-status", fmt(data.located) + " located event" + (data.located === 1 ? "" : "s") +
              (first ? "" : "; " + fmt(data.total) + " in view, in " + data.bins.length + (data.points ? " sites" : " bins")));
    return data;
  }
  const first = await load(true);
  if (!first) return;
  await outlines;  // drawn (or reported missing) before the page says it is ready
  box.dataset.markers = String(first.located);
  if (first.extent) {
    map.fitBounds(first.extent, {padding: [30, 30], maxZoom: 8});
    box.dataset.extent = first.extent.map(p => p.map(v => v.toFixed(2)).join(",")).join(";");
  }
  await load(false);
  map.on("moveend", () => { load(false); });
  box.dataset.ready = "1";
})();
