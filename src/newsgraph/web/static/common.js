// Shared helpers for the map, timeline and graph pages. Data from the store is put into the page
// with textContent or DOM nodes only (never innerHTML): article text and names are hostile input.
"use strict";
window.NG = (function () {
  const PAGE = 500;       // the API's largest page
  const MAX_ITEMS = 5000; // what one page view draws at most (Leaflet and vis-timeline stay fluid)

  async function fetchJSON(url) {
    const r = await fetch(url, {headers: {"Accept": "application/json"}});
    if (!r.ok) throw new Error(url + " answered " + r.status);
    return r.json();
  }

  // Every item of a paged API list (up to MAX_ITEMS), following offset until total.
  async function fetchAll(api) {
    const sep = api.includes("?") ? "&" : "?";
    let items = [], total = null, offset = 0;
    do {
      const page = await fetchJSON(api + sep + "limit=" + PAGE + "&offset=" + offset);
      items = items.concat(page.items);
      total = page.total;
      offset += PAGE;
    } while (total !== null && offset < total && items.length < MAX_ITEMS);
    return {items: items, total: total};
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function status(id, text, isError) {
    const node = document.getElementById(id);
    if (!node) return;
    node.textContent = text;
    node.classList.toggle("error", !!isError);
  }

  function eventSummary(e) {
    const who = e.actor.map(a => a.name).join(", ");
    const whom = e.recipient.map(a => a.name).join(", ");
    const where = e.place ? (e.place.name || e.place.text || "") : "";
    return [e.type, who && ("by " + who), whom && ("on " + whom), where && ("in " + where)]
      .filter(Boolean).join(" ");
  }

  return {fetchJSON, fetchAll, el, status, eventSummary};
})();
