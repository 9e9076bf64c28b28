// The map of a list page (templates/includes/map.html). Leaflet and its cluster plugin load
// only when the map comes into view, so the list never waits for them; the state outlines come
// from our own static files and show even when no tile server answers. When the directory
// updates in place (static/js/directory.js sends "directory:updated"), the points follow, and
// so does the centre and circle of a radius search (the points' `search` member).
// Every text comes from the template's data-text-* attributes, already in the page's language.
(function () {
  "use strict";

  var canvas = document.querySelector("[data-map]");
  if (!canvas) { return; }
  var status = document.querySelector("[data-map-status]");
  var data = canvas.dataset;
  var map = null;
  var points = null;
  var circle = null;
  var pending = null;

  function say(text) { if (status) { status.textContent = text; } }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return values[name] !== undefined ? values[name] : whole;
    });
  }

  function number(n) { return Number(n).toLocaleString(document.documentElement.lang || "de"); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadStyle(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function pointsUrl(pageUrl) {
    var url = new URL(pageUrl, window.location.href);
    url.searchParams.delete("seite");
    url.searchParams.delete("sort");
    url.searchParams.set("format", "geojson");
    return url.pathname + url.search;
  }

  function popup(properties) {
    // Built from DOM nodes, so a name is text, never markup.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    if (properties.count === 1) {
      link.textContent = properties.name;
      box.appendChild(link);
    } else {
      var line = document.createElement("p");
      line.textContent = fill(data.textGroup, { count: number(properties.count), postcode: properties.name });
      link.textContent = data.textGroupLink;
      box.appendChild(line);
      box.appendChild(link);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var count = 0;
    cluster.getAllChildMarkers().forEach(function (marker) { count += marker.options.count || 1; });
    var size = count < 10 ? "s" : count < 100 ? "m" : "l";
    var label = fill(data.textCluster, { count: number(count) });
    return window.L.divIcon({
      className: "map-cluster map-cluster--" + size,
      html: '<span aria-hidden="true">' + number(count) + '</span><span class="visually-hidden">' + label + "</span>",
      iconSize: null
    });
  }

  // The centre (a labelled marker) and circle of a radius search, or none; returns the
  // circle's bounds, which the view then fits.
  function showSearch(feature) {
    var L = window.L;
    if (circle) { map.removeLayer(circle); circle = null; }
    if (!feature) { return null; }
    var c = feature.geometry.coordinates;
    var p = feature.properties;
    var centre = L.latLng(c[1], c[0]);
    var label = document.createElement("span");
    label.className = "map-centre__label";
    label.textContent = p.label;  // text, never markup
    circle = L.layerGroup([
      L.circle(centre, {
        radius: p.radius_km * 1000, className: "map-radius", interactive: false,
        color: "#b35c00", weight: 2, dashArray: "6 4", fillColor: "#b35c00", fillOpacity: 0.06
      }),
      // Below the points, and not a stop for the keyboard: it links nowhere.
      L.marker(centre, {
        title: p.label, interactive: false, keyboard: false, zIndexOffset: -1000,
        icon: L.divIcon({ className: "map-centre", html: label, iconSize: null })
      })
    ]).addTo(map);
    return centre.toBounds(p.radius_km * 2000);
  }

  function showPoints(collection) {
    var L = window.L;
    var bounds = showSearch(collection.search);
    var around = collection.search ? " " + collection.search.properties.label + "." : "";
    if (points) { map.removeLayer(points); }
    points = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 50 });
    collection.features.forEach(function (feature) {
      var p = feature.properties;
      var c = feature.geometry.coordinates;
      var single = p.count === 1;
      var title = single ? p.name : fill(data.textGroup, { count: number(p.count), postcode: p.name });
      var marker = L.marker([c[1], c[0]], {
        count: p.count,
        title: title,
        alt: title,
        icon: L.divIcon({
          className: single ? "map-point" : "map-cluster map-cluster--s",
          html: single ? "" : '<span aria-hidden="true">' + number(p.count) + "</span>",
          iconSize: single ? [14, 14] : null
        })
      });
      marker.bindPopup(function () { return popup(p); });
      points.addLayer(marker);
    });
    map.addLayer(points);
    // Without tiles the outlines are the only context: do not zoom in past them.
    var fit = { padding: [24, 24], maxZoom: data.tiles ? 12 : 8 };
    if (!collection.features.length) {
      say(data.textEmpty + around);
      if (bounds) { map.fitBounds(bounds, fit); }
      return;
    }
    say((collection.grouped
      ? fill(data.textGrouped, { total: number(collection.total) })
      : fill(data.textCount, { shown: number(collection.features.length), total: number(collection.total) })) + around);
    map.fitBounds(bounds ? bounds.extend(points.getBounds()) : points.getBounds(), fit);
  }

  function loadPoints(url) {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    canvas.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "application/geo+json" }, signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        canvas.removeAttribute("aria-busy");
        showPoints(collection);
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        canvas.removeAttribute("aria-busy");
        say(data.textError);
      });
  }

  function start() {
    var L = window.L;
    // Saxony and Thuringia until the points say otherwise.
    // markercluster needs a maximum zoom even when no tile layer sets one.
    map = L.map(canvas, { scrollWheelZoom: false, zoomSnap: 0.5, minZoom: 5, maxZoom: 18, zoomControl: false })
      .setView([50.9, 12.3], 7);
    L.control.zoom({ zoomInTitle: data.textZoomIn, zoomOutTitle: data.textZoomOut }).addTo(map);
    map.getContainer().setAttribute("aria-label", data.textLabel);
    map.attributionControl.setPrefix(false);
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
    } else {
      canvas.classList.add("map__canvas--plain");
    }
    fetch(data.outlines, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (outlines) {
        L.geoJSON(outlines, {
          interactive: false,
          style: function (feature) {
            var ours = feature.properties.id === "DE-SN" || feature.properties.id === "DE-TH";
            return {
              color: "#1f5a73", weight: ours ? 1.5 : 0.8, opacity: ours ? 0.9 : 0.5,
              fillColor: ours ? "#dbe8ee" : "#eef0ec", fillOpacity: data.tiles ? (ours ? 0.15 : 0) : 1
            };
          }
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the outlines are decoration; the points still show */ });
    loadPoints(data.points);
  }

  document.addEventListener("directory:updated", function (event) {
    data.points = pointsUrl(event.detail.url);
    if (map) { loadPoints(data.points); }
  });

  var started = false;
  function boot() {
    if (started) { return; }
    started = true;
    loadStyle(data.leafletCss);
    loadStyle(data.clusterCss);
    loadScript(data.leafletJs)
      .then(function () { return loadScript(data.clusterJs); })
      .then(start)
      .catch(function () { say(data.textError); });
  }

  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        boot();
      }
    }, { rootMargin: "300px" });
    observer.observe(canvas);
  } else {
    boot();
  }
})();
