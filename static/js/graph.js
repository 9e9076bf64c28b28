// Draws the cooperation graphs with Cytoscape.js. Each .graph element names a
// <script type="application/json"> block holding {"nodes": [...], "edges": [...]} (the same
// JSON as /kooperationen/graph.json); node size follows the degree (or the member count in the
// overview), a click on a node shows its card with a link to its page, a click on an edge its
// evidence and sources. The tables below each drawing carry the same data without JavaScript.
(function () {
  "use strict";

  var COLOURS = {
    network: "#1f5a73", firm: "#5b8c5a", public_body: "#8a5a9b", chamber: "#b07d2b",
    research: "#2f7f8f", other: "#7a7f85", person: "#c0504d", event: "#d9b85c"
  };
  var SHAPES = { network: "hexagon", person: "ellipse", event: "round-rectangle" };

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    return el;
  }

  function init(container) {
    var block = document.getElementById(container.getAttribute("data-graph-data"));
    var canvas = container.querySelector(".graph__canvas");
    var card = container.querySelector(".graph__card");
    if (!block || !canvas || typeof window.cytoscape !== "function") { return; }
    var t = function (name) { return container.getAttribute("data-t-" + name) || ""; };
    var data = JSON.parse(block.textContent);
    if (!data.nodes.length) {
      canvas.appendChild(element("p", t("empty"), { "class": "muted graph__hint" }));
      return;
    }
    var sizeOf = function (node) { return node.members !== undefined ? node.members : node.degree; };
    var biggest = Math.max.apply(null, data.nodes.map(sizeOf).concat([1]));
    var elements = data.nodes.map(function (node) {
      return { group: "nodes", data: Object.assign({}, node, { size: sizeOf(node) }) };
    }).concat(data.edges.map(function (edge) {
      return { group: "edges", data: Object.assign({}, edge, { weight: edge.weight || 1 }) };
    }));
    var many = data.nodes.length > 300;
    var cy = window.cytoscape({
      container: canvas,
      elements: elements,
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "background-color": function (n) { return COLOURS[n.data("kind")] || COLOURS.other; },
          "shape": function (n) { return SHAPES[n.data("kind")] || "ellipse"; },
          "width": "mapData(size, 0, " + biggest + ", 14, 64)",
          "height": "mapData(size, 0, " + biggest + ", 14, 64)",
          "label": "data(label)", "font-size": 10, "color": "#1c2328",
          "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 140,
          "min-zoomed-font-size": many ? 9 : 6
        } },
        { selector: "node[id = '" + (container.getAttribute("data-graph-centre") || "-") + "']", style: {
          "border-width": 4, "border-color": "#143f52"
        } },
        { selector: "edge", style: {
          "width": data.aggregated ? "mapData(weight, 1, 200, 1, 8)" : 1.5,
          "line-color": "#b9c0c6", "curve-style": "bezier", "opacity": 0.8
        } },
        { selector: "edge[type = 'membership']", style: { "line-style": "dashed" } },
        { selector: "edge[type = 'participation']", style: { "line-color": "#e2cf8f" } },
        { selector: "edge[type = 'cooperation']", style: { "line-color": "#5b8c5a", "width": 2.5 } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#d9822b", "line-color": "#d9822b" } }
      ],
      layout: { name: "preset" }
    });
    container.cytoscape = cy;  // for tests and for the curious (document.querySelector(".graph").cytoscape)
    // The stylesheet may size the container after the drawing started: fit again once the page
    // has loaded, and say when the drawing stands still (data-graph-ready).
    function refit() { cy.resize(); cy.fit(undefined, 30); }
    var layout = cy.layout(many
      ? { name: "concentric", concentric: function (n) { return n.degree(); }, levelWidth: function () { return 4; }, animate: false }
      : { name: "cose", animate: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 80; } });
    layout.one("layoutstop", function () {
      function done() { refit(); container.setAttribute("data-graph-ready", ""); }
      if (document.readyState === "complete") { done(); } else { window.addEventListener("load", done); }
    });
    layout.run();

    function show(parts) {
      card.textContent = "";
      var close = element("button", "×", { type: "button", "class": "graph__close", "aria-label": t("close") });
      close.addEventListener("click", function () { card.hidden = true; cy.$(":selected").unselect(); });
      card.appendChild(close);
      parts.forEach(function (part) { card.appendChild(part); });
      card.hidden = false;
    }

    function link(text, href) { return element("a", text, { href: href }); }

    cy.on("tap", "node", function (event) {
      var node = event.target.data();
      var parts = [element("h3", node.label), element("p", node.kind_label, { "class": "muted" })];
      var facts = node.degree + " " + t("degree") + (node.members !== undefined ? " · " + node.members + " " + t("members") : "");
      parts.push(element("p", facts));
      var links = element("p");
      links.appendChild(link(t("open"), node.url));
      if (node.expand) {
        links.appendChild(document.createTextNode(" · "));
        links.appendChild(link(t("expand"), node.expand));
      }
      parts.push(links);
      show(parts);
    });

    cy.on("tap", "edge", function (event) {
      var edge = event.target.data();
      var source = cy.getElementById(edge.source).data("label");
      var target = cy.getElementById(edge.target).data("label");
      var parts = [element("h3", source + " – " + edge.label + " – " + target)];
      parts.push(element("p", edge.type_label + (edge.period ? " · " + edge.period : ""), { "class": "muted" }));
      parts.push(element("p", edge.evidence));
      var details = edge.source_details || [];
      if (details.length) {
        parts.push(element("p", t("sources") + ":"));
        var list = element("ul");
        details.forEach(function (item) {
          var li = element("li");
          li.appendChild(link(item.title, item.page));
          if (item.quote) { li.appendChild(element("span", item.is_quote === false ? " " + item.quote : " „" + item.quote + "“", { "class": "muted" })); }
          list.appendChild(li);
        });
        parts.push(list);
      } else if (edge.type !== "shared_members") {
        parts.push(element("p", t("no-sources"), { "class": "muted" }));
      }
      show(parts);
    });

    cy.on("tap", function (event) {
      if (event.target === cy) { card.hidden = true; }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".graph[data-graph-data]"), init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
