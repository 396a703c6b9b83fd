// The correction forms of the event and actor pages: POST /api/corrections with the server's write
// token, then open the corrected fact (or where it went: a merged actor's page, the list after a reject).
(function () {
  "use strict";
  var form = document.getElementById("correct-form");
  if (!form) return;
  var status = document.getElementById("correct-status");
  function text(el) { return el ? el.value.trim() : ""; }
  function valueOf(kind, f) {
    switch (kind) {
      case "retype_event": return { type: text(f.type).toUpperCase() };
      case "fix_place": return { name: text(f.place) || null, country: text(f.country) || null };
      case "rename_actor": return { name: text(f.name) };
      case "retype_actor": return { type: text(f.actor_type) };
      case "merge_actor": return { into: text(f.into) };
      case "split_actor": return { alias: text(f.alias), name: text(f.name) || null };
      default: return null;
    }
  }
  function next(kind, value) {
    if (kind === "reject_event") return "/events";
    if (kind === "merge_actor") return "/actors/" + encodeURIComponent(value.into);
    if (form.dataset.actor) return "/actors/" + encodeURIComponent(form.dataset.actor);
    return "/events/" + encodeURIComponent(form.dataset.event);
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = form.elements, kind = f.kind.value, value = valueOf(kind, f);
    var body = { kind: kind, target: form.dataset.target, value: value, who: text(f.who), why: text(f.why) || null };
    status.textContent = "saving…";
    fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + f.token.value },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(typeof j.detail === "string" ? j.detail : r.status);
        if (j.errors && j.errors.length) throw new Error(j.errors.join("; "));
        status.textContent = "saved";
        window.location.href = next(kind, value);
      });
    }).catch(function (e) { status.textContent = "not saved: " + e.message; });
  });
})();
