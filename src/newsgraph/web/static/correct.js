// The correction form of an event page: POST /api/corrections with the server's write token, then reload.
(function () {
  "use strict";
  var form = document.getElementById("correct-form");
  if (!form) return;
  var status = document.getElementById("correct-status");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = form.elements, kind = f.kind.value, value = null;
    if (kind === "retype_event") value = { type: f.type.value.trim().toUpperCase() };
    if (kind === "fix_place") value = { name: f.place.value.trim() || null, country: f.country.value.trim() || null };
    var body = { kind: kind, target: form.dataset.target, value: value, who: f.who.value.trim(),
                 why: f.why.value.trim() || null };
    status.textContent = "saving…";
    fetch(form.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + f.token.value },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) return r.json().then(function (j) { throw new Error(typeof j.detail === "string" ? j.detail : r.status); });
      status.textContent = "saved";
      // a rejected event has no page any more: go back to the list
      window.location.href = kind === "reject_event" ? "/events" : "/events/" + encodeURIComponent(form.dataset.event);
    }).catch(function (e) { status.textContent = "not saved: " + e.message; });
  });
})();
