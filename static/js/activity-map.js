/* The activity map: Leaflet (served by the portal) draws what
   /activities/map/data.json?<filters> returns, in one request. The page works
   without this script, without tiles and without the data: the list below the
   map holds every place. Text from the data is set with textContent, never
   as HTML. */
(function () {
  "use strict";
  var container = document.getElementById("activity-map");
  var configNode = document.getElementById("map-config");
  if (!container || !configNode || !window.L) return;
  var config = JSON.parse(configNode.textContent);
  var labels = config.labels;
  var status = document.getElementById("map-status");

  var messages = {};
  function say(key, text) {
    messages[key] = text;
    if (status) status.textContent = [messages.data, messages.tiles].filter(Boolean).join(" ");
  }

  function element(tag, text, href) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (href) node.href = href;
    return node;
  }

  function popup(title, href, note) {
    var box = document.createElement("div");
    box.appendChild(element("strong", "")).appendChild(element("a", title, href));
    if (note) box.appendChild(element("div", note));
    return box;
  }

  var fallback = container.querySelector(".map-fallback");
  if (fallback) fallback.remove();
  var map = L.map(container, { scrollWheelZoom: false }).setView([43.5, 131], 6);
  // Activity markers go on their own pane, above the protected areas and the links.
  map.createPane("activities").style.zIndex = 650;

  if (config.tileUrl) {
    var warned = false;
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 18 })
      .on("tileerror", function () {
        if (!warned) say("tiles", labels.tilesFailed);
        warned = true;
      })
      .addTo(map);
  }

  function draw(data) {
    var bounds = [];
    var areas = {};
    data.areas.forEach(function (a) {
      var point = [a[1], a[2]];
      areas[a[0]] = point;
      L.circleMarker(point, { radius: 7, color: "#1f4d3a", weight: 2, fillOpacity: 0.35 })
        .bindPopup(popup(a[3], config.areaUrl.replace("SLUG", a[4]), labels.protectedArea))
        .addTo(map);
      bounds.push(point);
    });
    data.pairs.forEach(function (p) {
      if (!areas[p[0]] || !areas[p[1]]) return;
      L.polyline([areas[p[0]], areas[p[1]]], { color: "#8a3b00", weight: 3, dashArray: "6 6" })
        .bindTooltip(element("span", p[2]))
        .addTo(map);
    });
    data.activities.forEach(function (a) {
      var point = [a[1], a[2]];
      var exact = a[5] === 1;
      var href = config.activityUrl.replace(/0\/$/, a[0] + "/");
      var note = (data.statuses[a[4]] || a[4]) + " · " + (exact ? labels.exact : labels.generalised);
      if (!exact) {
        L.circle(point, { radius: 5000, color: "#8a3b00", weight: 1, dashArray: "4 4", fillOpacity: 0.1, interactive: false })
          .addTo(map);
      }
      var marker = L.marker(point, { title: a[3], alt: a[3], pane: "activities" })
        .bindPopup(popup(a[3], href, note))
        .addTo(map);
      if (!exact) L.DomUtil.addClass(marker.getElement(), "marker-approximate");
      bounds.push(point);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 9, animate: false });
    container.setAttribute("data-markers", String(data.activities.length));
    say("data", labels.shown.replace("%(count)s", data.activities.length));
  }

  fetch(config.dataUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(draw)
    .catch(function () {
      say("data", labels.failed);
    });
})();
