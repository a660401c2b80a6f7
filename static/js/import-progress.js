/* Import progress: poll the job's JSON status and move the <progress> bar.
   Without JavaScript the page reloads itself (a <noscript> refresh) and has a
   reload link; this script only makes it smoother. When the status says the
   job looks stuck it shows the notice the page carries, translated, in its
   data-stuck-notice attribute (the script has no text of its own), and takes
   it away once another run has taken the job over. */
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.getAttribute("data-finished") === "true") return;
  var bar = document.getElementById("import-progress-bar");
  var label = box.querySelector(".status-label");
  var reload = document.getElementById("import-reload");
  if (reload) reload.hidden = true;
  function showStuck(stuck) {
    var notice = document.getElementById("import-stuck");
    if (stuck && !notice) {
      notice = document.createElement("p");
      notice.id = "import-stuck";
      notice.className = "errors";
      notice.setAttribute("role", "alert");
      notice.textContent = box.getAttribute("data-stuck-notice");
      box.insertBefore(notice, document.getElementById("import-progress-text").nextSibling);
    } else if (!stuck && notice) {
      notice.parentNode.removeChild(notice);
    }
  }
  var failures = 0;
  function poll() {
    fetch(box.getAttribute("data-status-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        failures = 0;
        if (reload) reload.hidden = true;
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        label.textContent = job.status_label;
        showStuck(job.stuck);
        if (job.finished) {
          window.location.reload();  // the page then shows the report
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // A lost request (network, a busy server): offer the reload link and
        // keep asking, more slowly each time, up to every 10 seconds.
        if (reload) reload.hidden = false;
        failures += 1;
        window.setTimeout(poll, Math.min(10000, 1000 * Math.pow(2, failures)));
      });
  }
  window.setTimeout(poll, 500);
})();
