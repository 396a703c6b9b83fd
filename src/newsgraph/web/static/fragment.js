// Sections a page loads after its first paint: each element with data-fragment="URL" is replaced by the
// element of the same id in the HTML that URL answers (same origin, rendered and escaped by the
// server's templates).
"use strict";
(function () {
  for (const node of document.querySelectorAll("[data-fragment]")) {
    fetch(node.dataset.fragment).then(r => {
      if (!r.ok) throw new Error("the server answered " + r.status);
      return r.text();
    }).then(html => {
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById(node.id);
      if (fresh) node.replaceWith(document.importNode(fresh, true));
    }).catch(err => {
      const status = node.querySelector(".status");
      if (status) { status.textContent = "Could not be loaded: " + err.message; status.classList.add("error"); }
    });
  }
})();
