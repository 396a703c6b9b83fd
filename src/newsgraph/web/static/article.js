// Article page: the legend's check boxes switch each kind of highlight on and off.
"use strict";
document.querySelectorAll(".legend-line input[data-kind]").forEach(box => {
  box.addEventListener("change", () => {
    document.getElementById("article-text").classList.toggle("hide-" + box.dataset.kind, !box.checked);
  });
});
