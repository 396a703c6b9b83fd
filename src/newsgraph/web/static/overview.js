// Overview page: on a big store the data-quality section is computed on demand (the button), then
// replaced by the server-rendered section (/overview/audit: same origin, escaped by the templates).
"use strict";
(function () {
  const section = document.getElementById("audit-summary"), button = document.getElementById("audit-load");
  if (!section || !button || !section.dataset.src) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Computing…";
    try {
      const r = await fetch(section.dataset.src);
      if (!r.ok) throw new Error("the server answered " + r.status);
      const doc = new DOMParser().parseFromString(await r.text(), "text/html");
      const fresh = doc.getElementById("audit-summary");
      if (fresh) section.replaceWith(document.importNode(fresh, true));
    } catch (err) {
      button.disabled = false;
      button.textContent = "Compute the data-quality summary (failed: " + err.message + ")";
    }
  });
})();
