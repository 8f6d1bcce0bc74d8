/* idlibmap: draws the story layers, basemap and panels on a Leaflet map.
 *
 * Every piece of story text reaches the page through textContent or
 * L.DomUtil elements, never through innerHTML, so text always shows as text.
 * Source links are set as DOM properties only for http(s) addresses.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var LABEL_SIDES = ["right", "top", "bottom", "left"];  /* where a name beside its point is tried, in turn */
  var PLACE_LABEL_GAP = 3;  /* px between a place's point and its name, before Leaflet's own 6 px */
  var REPEAT_REACH = 150;  /* px: a name is not shown again this close to where it is shown */
  var config = null;
  var labels = [];  /* {element: function, priority: number, minZoom: number} */
  var occupied = {};  /* symbols already drawn at a position, so the next one there steps aside */
  var locatorData = { countries: null, story: [] };  /* what the locator inset redraws */
  var storyCountries = [];  /* the story's own country names: they move over their land as the basemap's do */
  var placers = [];  /* functions that set labels' spots for the current view, run before each declutter */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  /* A FeatureCollection whose coordinates the page received packed (render/geojson.py, packed_geometry:
   * each run of positions one flat list of whole steps of 10^-decimals degree) turned back into GeoJSON,
   * in place; a collection without "decimals" is plain GeoJSON already. */
  function unpackCollection(collection) {
    if (!collection || collection.decimals === undefined) return collection;
    var scale = Math.pow(10, collection.decimals);
    function run(flat) {
      var positions = [], x = 0, y = 0;
      for (var i = 0; i + 1 < flat.length; i += 2) {
        x += flat[i];
        y += flat[i + 1];
        positions.push([x / scale, y / scale]);
      }
      return positions;
    }
    function unpack(coords) {
      if (!coords.length || typeof coords[0] === "number") return run(coords);
      return coords.map(unpack);
    }
    function geometry(g) {
      if (!g) return g;
      if (g.type === "GeometryCollection") g.geometries.forEach(geometry);
      else if (g.type === "Point") g.coordinates = [g.coordinates[0] / scale, g.coordinates[1] / scale];
      else g.coordinates = unpack(g.coordinates);
      return g;
    }
    collection.features.forEach(function (f) { geometry(f.geometry); });
    delete collection.decimals;
    return collection;
  }

  /* ---------------------------------------------------------------- symbols */

  function shapePath(shape, s) {
    var h = s / 2, q = s * 0.38;
    switch (shape) {
      case "square": return "M" + (h - q) + "," + (h - q) + "h" + 2 * q + "v" + 2 * q + "h" + -2 * q + "z";
      case "diamond": return "M" + h + ",1L" + (s - 1) + "," + h + "L" + h + "," + (s - 1) + "L1," + h + "z";
      case "triangle": return "M" + h + ",1L" + (s - 1) + "," + (s - 2) + "L1," + (s - 2) + "z";
      case "triangle-down": return "M1,2L" + (s - 1) + ",2L" + h + "," + (s - 1) + "z";
      case "cross":
        var a = s * 0.2, b = s * 0.8, w = s * 0.13;
        return "M" + (a - w) + "," + (a + w) + "L" + (h - w) + "," + h + "L" + (a - w) + "," + (b - w) +
          "L" + (a + w) + "," + (b + w) + "L" + h + "," + (h + w) + "L" + (b - w) + "," + (b + w) +
          "L" + (b + w) + "," + (b - w) + "L" + (h + w) + "," + h + "L" + (b + w) + "," + (a + w) +
          "L" + (b - w) + "," + (a - w) + "L" + h + "," + (h - w) + "L" + (a + w) + "," + (a - w) + "z";
      case "star":
        var points = [];
        for (var i = 0; i < 10; i++) {
          var r = i % 2 === 0 ? h - 1 : h * 0.45, t = Math.PI / 5 * i - Math.PI / 2;
          points.push((h + r * Math.cos(t)).toFixed(2) + "," + (h + r * Math.sin(t)).toFixed(2));
        }
        return "M" + points.join("L") + "z";
      default: return null;
    }
  }

  function pointStyle(symbol) {
    var styles = config.styles;
    if (symbol === "place") return styles.place;
    if (symbol === "capital") return styles.capital;
    return styles.points[symbol] || styles.points.event;
  }

  function symbolSvg(symbol, approximate) {
    var style = pointStyle(symbol), s = style.size;
    var pad = approximate ? 6 : 0, size = s + pad * 2;
    var root = svg("svg", { width: size, height: size, viewBox: -pad + " " + -pad + " " + size + " " + size,
      "class": "idlibmap-symbol", "aria-hidden": "true" });
    if (approximate) {
      root.appendChild(svg("circle", { cx: s / 2, cy: s / 2, r: s / 2 + 4, fill: "none", stroke: style.fill,
        "stroke-width": 1.5, "stroke-dasharray": "3 3" }));
    }
    var path = shapePath(style.shape, s);
    /* A hollow symbol (an observation post inside friendly ground) is its outline in the kind's colour. */
    var fill = style.hollow ? style.stroke : style.fill, stroke = style.hollow ? style.fill : style.stroke;
    if (path) {
      root.appendChild(svg("path", { d: path, fill: fill, stroke: stroke, "stroke-width": style.hollow ? 2.5 : 1.5,
        "stroke-linejoin": "round" }));
      if (style.shape === "square" && !style.hollow) {
        root.appendChild(svg("circle", { cx: s / 2, cy: s / 2, r: s * 0.12, fill: stroke }));
      }
    } else if (style.shape === "half") {
      /* Contested: a ring, half filled. */
      var r = s / 2 - 1.5;
      root.appendChild(svg("circle", { cx: s / 2, cy: s / 2, r: r, fill: style.stroke, stroke: style.fill,
        "stroke-width": 2 }));
      root.appendChild(svg("path", { d: "M" + s / 2 + "," + (s / 2 - r) + "A" + r + "," + r + " 0 0 0 " + s / 2 +
        "," + (s / 2 + r) + "z", fill: style.fill }));
    } else {
      root.appendChild(svg("circle", { cx: s / 2, cy: s / 2, r: s / 2 - 1.5, fill: style.fill,
        stroke: style.stroke, "stroke-width": 1.5 }));
      if (style.shape === "circle-ring") {
        root.appendChild(svg("circle", { cx: s / 2, cy: s / 2, r: s * 0.18, fill: style.stroke }));
      }
    }
    return root;
  }

  function lineStyle(feature) {
    var p = feature.properties, styles = config.styles, base;
    if (p.section === "borders") base = styles.border;
    else if (p.section === "flows") base = { color: styles.flow.color, weight: p.width, opacity: styles.flow.opacity };
    else if (p.section === "control") {
      return { color: styles.control.edge, weight: styles.control.edgeWeight, opacity: 1, fillColor: p.color,
        fillOpacity: styles.control.fillOpacity };
    } else if (p.section === "changes") {
      return { stroke: false, fillColor: "url(#" + hatchPattern(p.color) + ")", fillOpacity: 1 };
    } else if (p.section === "areas") {
      return { color: styles.area.stroke, weight: styles.area.weight, fillColor: styles.area.fill,
        fillOpacity: styles.area.fillOpacity, dashArray: p.approximate ? styles.approximateDash : null };
    } else base = styles.lines[p.symbol] || styles.lines.route;
    var dashed = p.approximate && base.dashed_when_approximate !== false;
    return { color: base.color, weight: base.weight, opacity: base.opacity === undefined ? 0.9 : base.opacity,
      dashArray: dashed ? styles.approximateDash : base.dash, lineCap: "round", lineJoin: "round" };
  }

  /* ---------------------------------------------------------------- popups */

  function infoCard(p) {
    var card = el("div", "idlibmap-card");
    card.appendChild(el("h3", null, p.name));
    if (p.label && (p.section === "flows" || p.section === "stocks")) card.appendChild(el("p", "idlibmap-figure", p.label));
    if (p.note) card.appendChild(el("p", null, p.note));
    var facts = el("dl");
    function fact(term, value) {
      if (value === undefined || value === null || value === "") return;
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, value));
    }
    if (p.section === "flows") fact("Route", p.from + " → " + p.to);
    fact("Held by", p.controlled_by);
    fact("Taken by", p.taken_by);
    fact("Taken from", p.taken_from);
    fact("Status", p.status);
    fact("Since", p.since_label);
    fact("When", p.date_label);
    fact("Source", p.source);
    fact("Located by", p.located_by);
    if (p.approximate) fact("Precision", "Approximate position");
    card.appendChild(facts);
    return card;
  }

  function bindInfo(feature, layer) {
    var p = feature.properties;
    layer.bindPopup(function () { return infoCard(p); }, { maxWidth: 320 });
    if (p.section === "places" && p.symbol !== "country" && p.symbol !== "region") {
      /* A place's name is shown beside it when there is room; clicking opens the card. */
      layer.bindTooltip(el("span", null, p.name), { permanent: true, direction: "right",
        offset: labelOffset("right", PLACE_LABEL_GAP), className: "idlibmap-place-label" });
      /* Right of its symbol, else above, below or left of it: a name crowded out on one side takes another.
       * Among an article's places, the more often named wins a contested spot. */
      labels.push(sidedLabel(layer, config.styles.labelPriority[p.symbol === "capital" ? "capital" : "place"] +
        Math.log(1 + (p.mentions || 0)) / 10, function () { return PLACE_LABEL_GAP; }));
    } else {
      layer.bindTooltip(el("span", null, p.name), { sticky: feature.geometry.type !== "Point" });
    }
  }

  function textMarker(latlng, text, className, pane, priority, minZoom, color, spots) {
    var label = el("span", null, text);
    if (color) label.style.color = color;
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: className, html: label, iconSize: null }),
      interactive: false, keyboard: false, pane: pane
    });
    labels.push({ element: function () { return marker.getElement() && label; }, priority: priority,
      minZoom: minZoom || 0, spots: spots || null, move: function (spot) { marker.setLatLng(spot); },
      minor: priority < config.styles.minorLabel, outer: function () { return marker.getElement(); },
      at: function () { return marker.getLatLng(); } });
    return marker;
  }

  /* The first spot (and side) where a label of known shape and size is on screen and clear of ``obstacles``;
   * the label is moved there and its box returned, or null. Shapes: "centre" (centred on its point) or
   * "town" (a dot on the point, the name right of it, or left). */
  function computedSpot(map, origin, label, obstacles) {
    var spots = label.spots || [label.at()], sides = label.sides || [null], size = label.size;
    for (var i = 0; i < spots.length; i++) {
      var point = map.latLngToContainerPoint(spots[i]), x = point.x, y = point.y;
      for (var j = 0; j < sides.length; j++) {
        var left = label.shape === "town" ? (sides[j] === "left" ? x + 3 - size.w : x - 3) : x - size.w / 2;
        var box = { left: origin.left + left, right: origin.left + left + size.w,
          top: origin.top + y - size.h / 2, bottom: origin.top + y + size.h / 2 };
        if (onScreen(box) && !overlaps(box, obstacles)) {
          if (label.spots) label.move(spots[i]);
          if (label.sides) label.side(sides[j]);
          return box;
        }
      }
    }
    return null;
  }

  function firstClear(label, node, obstacles) {
    for (var i = 0; i < label.spots.length; i++) {
      label.move(label.spots[i]);
      var box = node.getBoundingClientRect();
      if (box.width && onScreen(box) && !overlaps(box, obstacles)) return box;
    }
    return null;
  }

  /* Whether ``text`` is already shown (in ``named``) within REPEAT_REACH px of ``box``. */
  function repeated(text, box, named) {
    return named.some(function (other) {
      return other.text === text &&
        box.left - other.box.right < REPEAT_REACH && other.box.left - box.right < REPEAT_REACH &&
        box.top - other.box.bottom < REPEAT_REACH && other.box.top - box.bottom < REPEAT_REACH;
    });
  }

  function onScreen(box) {
    return box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
  }

  function overlaps(box, taken) {
    return taken.some(function (other) {
      return box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top;
    });
  }

  /* Labels never overlap: the most important label wins a spot, the others hide until there is room. */
  function declutter(map) {
    placers.forEach(function (place) { place(); });
    var zoom = map.getZoom(), symbols = [], frame = map.getContainer().getBoundingClientRect();
    /* The panels and buttons on the map come first: a label half under one is no label. */
    var panels = controlBoxes(map, 2).map(function (b) {
      return { left: b.left + frame.left, right: b.right + frame.left, top: b.top + frame.top, bottom: b.bottom + frame.top };
    });
    var taken = panels.slice(), named = [];
    /* Symbols are obstacles for the minor labels (lines, regions, the basemap): those never cover a symbol,
     * nor a circle of a map of many articles. */
    var icons = map.getContainer().querySelectorAll(".idlibmap-icon svg, path.idlibmap-mention");
    for (var k = 0; k < icons.length; k++) {
      var r = icons[k].getBoundingClientRect(), inset = 3;
      if (r.width) symbols.push({ left: r.left + inset, right: r.right - inset, top: r.top + inset, bottom: r.bottom - inset });
    }
    var seen = map.getBounds().pad(0.05), origin = map.getContainer().getBoundingClientRect();
    /* Labels of a known shape (the basemap's) are measured once, all together, then placed by arithmetic:
     * no layout is forced label by label. */
    labels.forEach(function (label) {
      var node = label.shape && !label.size && label.element();
      if (node) {
        var r = node.getBoundingClientRect();
        if (r.width) label.size = { w: r.width, h: r.height };
      }
    });
    labels.slice().sort(function (a, b) { return b.priority - a.priority; }).forEach(function (label) {
      var node = label.element();
      if (!node) return;
      /* A label is hidden on its marker's own element, so what is hidden is hidden as a whole. */
      var target = label.outer ? label.outer() : node;
      if (zoom < label.minZoom + 0.5 || (label.maxZoom !== undefined && zoom >= label.maxZoom + 0.5) ||
          (label.spots && !label.spots.length)) { target.style.visibility = "hidden"; return; }
      if (label.shape && label.size) {
        var found = computedSpot(map, origin, label, label.minor ? taken.concat(symbols) : taken);
        target.style.visibility = found ? "" : "hidden";
        if (found) taken.push(found);
        return;
      }
      target.style.visibility = "";
      if (label.spots) {
        /* Take the first spot clear of symbols and labels. With none, most labels wait for more room;
         * essential ones (flow numbers, the front line) settle for clear of other labels. */
        var spot = firstClear(label, node, taken.concat(symbols)) ||
          (label.priority >= config.styles.essentialLabel && firstClear(label, node, taken.slice(panels.length)));
        if (spot) taken.push(spot);
        else { label.move(label.spots[0]); target.style.visibility = "hidden"; }
        return;
      }
      if (label.at && !seen.contains(label.at())) return;  /* off screen: nothing to measure */
      if (label.sides) {
        /* A label with its own test (a circle's name, see mentionLabel) tries every side strictly first. A
         * name already shown close by (a town and its province of the same name) is not shown twice. */
        var clear = (label.fits ? [true, false] : [false]).some(function (strict) {
          return label.sides.some(function (side) {
            label.side(side);
            var box = node.getBoundingClientRect();
            if (!box.width || !onScreen(box) || overlaps(box, label.minor ? taken.concat(symbols) : taken) ||
                (label.fits && !label.fits(box, strict)) || repeated(node.textContent, box, named)) return false;
            taken.push(box);
            named.push({ text: node.textContent, box: box });
            return true;
          });
        });
        if (!clear) { label.side(label.sides[0]); target.style.visibility = "hidden"; }
        return;
      }
      var box = node.getBoundingClientRect();
      if (!box.width || !box.height) return;
      if (overlaps(box, label.minor ? taken.concat(symbols) : taken)) target.style.visibility = "hidden";
      else taken.push(box);
    });
  }

  /* ---------------------------------------------------------------- layers */

  function ensurePane(map, name, zIndex) {
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = zIndex;
    return name;
  }

  /* Areas of control sit on the land, under the basemap's labels (390) and every story symbol. */
  var SECTION_PANES = { control: 350, changes: 355, areas: 405, stocks: 410, lines: 420, borders: 425, flows: 430 };

  /* Ground that changed hands is hatched in its taker's colour: one SVG pattern per colour, defined once
   * in a hidden SVG of the page, so Leaflet's paths can fill with url(#…). */
  var hatches = {};
  function hatchPattern(color) {
    var id = "idlibmap-hatch-" + color.replace(/[^0-9a-zA-Z]/g, "");
    if (hatches[id]) return id;
    var defs = document.getElementById("idlibmap-defs");
    if (!defs) {
      var holder = svg("svg", { width: 0, height: 0, "aria-hidden": "true", "class": "idlibmap-defs" });
      defs = svg("defs", { id: "idlibmap-defs" });
      holder.appendChild(defs);
      document.body.appendChild(holder);
    }
    var h = config.styles.hatch, pattern = svg("pattern", { id: id, width: h.spacing, height: h.spacing,
      patternUnits: "userSpaceOnUse", patternTransform: "rotate(" + h.angle + ")" });
    pattern.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: h.spacing, stroke: color, "stroke-width": h.width,
      "stroke-opacity": h.opacity }));
    defs.appendChild(pattern);
    hatches[id] = true;
    return id;
  }

  function addStoryLayer(map, group, data, section) {
    if (section === "mentions") return addMentions(map, group, unpackCollection(data));
    var pane = SECTION_PANES[section] ? ensurePane(map, "idlibmap-" + section, SECTION_PANES[section]) : "overlayPane";
    var layer = L.geoJSON(data, {
      pane: pane,
      style: lineStyle,
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        if (p.symbol === "country" || p.symbol === "region") {
          var name = textMarker(latlng, p.name, "idlibmap-" + p.symbol + "-name", "markerPane",
            config.styles.labelPriority[p.symbol], 0, null, p.symbol === "country" ? [latlng] : null);
          name.options.interactive = true;  /* a click opens the card */
          if (p.symbol === "country") {
            labels[labels.length - 1].shape = "centre";
            storyCountries.push({ entry: labels[labels.length - 1], at: latlng, code: p.country_code });
          }
          return name;
        }
        if (p.section === "stocks") return stockCircle(group, p, latlng, pane);
        var icon = symbolSvg(p.symbol, p.approximate), size = icon.width.baseVal.value;
        return L.marker(latlng, {
          icon: L.divIcon({ className: "idlibmap-icon", html: icon, iconSize: [size, size],
            iconAnchor: stepAside(latlng, size) }),
          title: p.name, alt: p.name, riseOnHover: true
        });
      },
      onEachFeature: function (feature, item) {
        bindInfo(feature, item);
        if (feature.properties.section === "flows") addFlowDecorations(group, feature);
        if (feature.properties.section === "lines" && feature.properties.label) addLineLabel(group, feature);
        locatorData.story.push(feature);
      }
    });
    layer.addTo(group);
    return layer;
  }

  /* Symbols at the same spot (an event in a town drawn as a place) sit side by side, not on top of one
   * another: the first keeps the spot, later ones step to the left, above and below (styles.STEP_ASIDE,
   * y up, shared with the static renderer). */
  function stepAside(latlng, size) {
    var key = latlng.lat.toFixed(3) + "," + latlng.lng.toFixed(3);
    var n = occupied[key] || 0;
    occupied[key] = n + 1;
    var steps = config.styles.stepAside, step = steps[Math.min(n, steps.length - 1)];
    var gap = n ? Math.max(size, 20) * config.styles.stepAsideSpacing : 0;
    return [size / 2 - step[0] * gap, size / 2 + step[1] * gap];
  }

  /* A line's label tries its spots along the line in turn until one is clear of other labels. */
  function addLineLabel(group, feature) {
    var p = feature.properties, style = lineStyle(feature);
    var priority = (config.styles.lines[p.symbol] || config.styles.lines.route).label_priority;
    textMarker([p.label_lat, p.label_lon], p.label, "idlibmap-line-label", "markerPane", priority, 0, style.color,
      p.label_spots).addTo(group);
  }

  /* A stock (people a country hosts) is a circle whose area grows with the number, labelled with it. */
  function stockCircle(group, p, latlng, pane) {
    var st = config.styles.stock;
    textMarker(latlng, p.label, "idlibmap-stock-label", "markerPane", config.styles.labelPriority.stock).addTo(group);
    return L.circleMarker(latlng, { radius: p.radius, color: st.fill, weight: 1.5, fillColor: st.fill,
      fillOpacity: st.fillOpacity, pane: pane });
  }

  function addFlowDecorations(group, feature) {
    var coords = feature.geometry.coordinates, p = feature.properties;
    var end = coords[coords.length - 1];
    var head = Math.max(14, p.width * 2.2);
    var arrow = svg("svg", { width: head, height: head, viewBox: "0 0 10 10", "aria-hidden": "true" });
    arrow.appendChild(svg("path", { d: "M5,0L10,10L5,7.5L0,10z", fill: config.styles.flow.color, "fill-opacity": 0.9 }));
    arrow.style.transform = "rotate(" + p.arrow_angle + "deg)";
    L.marker([end[1], end[0]], {
      icon: L.divIcon({ className: "idlibmap-arrowhead", html: arrow, iconSize: [head, head] }),
      interactive: false, keyboard: false
    }).addTo(group);
    textMarker([p.label_lat, p.label_lon], p.label, "idlibmap-flow-label", "markerPane",
      config.styles.labelPriority.flow, 0, null,
      p.label_spots).addTo(group);
  }


  /* ---------------------------------------------------------------- a map of many articles */

  /* Each place the feed names is a circle whose area grows with the number of articles naming it within
   * the dates shown; a country named as context is its land, shaded by that number. The time control
   * (timeControl) sets the dates shown; every circle, shade, label and popup follows it. */
  var mentions = { items: [], from: null, to: null, all: true, scale: 1, table: null, centres: null };
  var POPUP_ARTICLES = 20;  /* articles listed in a popup; the rest are counted */

  /* The articles, sentences and publishers the popups list, each once (render/mentions.py writes them as a
   * JSON script element); a place refers to them by number. */
  function articleTable() {
    if (!mentions.table) {
      var node = config.mentions && document.getElementById(config.mentions.data);
      mentions.table = node ? JSON.parse(node.textContent) : { articles: [], sentences: [], sources: [] };
    }
    return mentions.table;
  }

  /* The ISO day of a day number of the time control (-1: an article with no date). */
  function dayOf(number) { return number < 0 ? "" : config.mentions.days[number]; }

  /* A place's popup entries, read from the table: {date, title, url, source, sentence}, newest first. */
  function placeEntries(p) {
    var table = articleTable(), found = [];
    for (var i = 0; i + 1 < p.entries.length; i += 2) {
      var article = table.articles[p.entries[i]] || [-1, "", "", -1];
      found.push({ date: dayOf(article[0]), title: article[1], url: article[2],
        source: table.sources[article[3]] || "", sentence: table.sentences[p.entries[i + 1]] || "" });
    }
    return found;
  }

  /* Circles shrink with a small map (a phone), so a world view of many places is no blob: the same factor
   * for every circle and the legend's, fixed when the page opens. */
  function circleScale(map) {
    var st = config.styles.mention, size = map.getSize(), shorter = Math.min(size.x, size.y);
    if (!shorter) return 1;
    return Math.max(st.smallestScale, Math.min(1, shorter / st.fullSize));
  }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }  /* 222,240 */

  function mentionRadius(count) {
    var st = config.styles.mention, largest = config.mentions ? config.mentions.largest : 0;
    if (count <= 0) return 0;
    /* As styles.mention_radius: area-true, the most-named place at maxRadius, one article at most unitRadius;
     * times the page's circle scale (circleScale). */
    var unit = Math.min(st.unitRadius, st.maxRadius / Math.sqrt(Math.max(largest, 1))) * mentions.scale;
    return Math.max(st.minRadius, unit * Math.sqrt(count));
  }

  function countryColor(count) {
    var ramp = config.styles.mention.ramp, breaks = config.mentions ? config.mentions.breaks : [1], index = 0;
    breaks.forEach(function (low, i) { if (count >= low) index = i; });
    return ramp[Math.min(index + ramp.length - breaks.length, ramp.length - 1)];
  }

  function inWindow(date) {
    return mentions.all || (date !== "" && date >= mentions.from && date <= mentions.to);
  }

  /* How many articles name a place within the dates shown (every one, undated ones too, for all dates). */
  function shownCount(p) {
    var count = 0;
    for (var i = 0; i + 1 < p.days.length; i += 2) if (inWindow(dayOf(p.days[i]))) count += p.days[i + 1];
    return count;
  }

  /* The articles of a place listed in the page (a few a day on a large feed) within the dates shown. */
  function shownEntries(p) {
    var entries = placeEntries(p);
    return mentions.all ? entries : entries.filter(function (e) { return inWindow(e.date); });
  }

  function dateWords(iso) {
    if (!iso) return "";
    var parts = iso.split("-"), months = ["January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"];
    return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
  }

  function mentionCard(p) {
    var shown = shownEntries(p), total = shownCount(p), card = el("div", "idlibmap-card idlibmap-mention-card");
    card.appendChild(el("h3", null, p.name));
    card.appendChild(el("p", "idlibmap-figure", thousands(total) + (total === 1 ? " article" : " articles") +
      (mentions.all ? "" : ", " + rangeWords())));
    var list = el("ol", "idlibmap-articles");
    shown.slice(0, POPUP_ARTICLES).forEach(function (e) {
      var item = el("li"), head = el("div", "idlibmap-article-head"), href = safeUrl(e.url);
      var title = e.title || "Untitled article";
      if (href) {
        var link = el("a", null, title);
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        head.appendChild(link);
      } else {
        head.appendChild(el("strong", null, title));
      }
      item.appendChild(head);
      var meta = [dateWords(e.date) || "date not given", e.source].filter(Boolean).join(" · ");
      item.appendChild(el("div", "idlibmap-article-meta", meta));
      if (e.sentence) item.appendChild(el("q", "idlibmap-article-quote", e.sentence));
      list.appendChild(item);
    });
    card.appendChild(list);
    var listed = Math.min(shown.length, POPUP_ARTICLES);
    if (total > listed) {
      var more = total - listed;
      card.appendChild(el("p", "idlibmap-more", "and " + thousands(more) + " more article" + (more === 1 ? "" : "s")));
    }
    return card;
  }

  function addMentions(map, group, data) {
    var st = config.styles.mention;
    var pane = ensurePane(map, "idlibmap-mentions", 415), shade = ensurePane(map, "idlibmap-mention-countries", 360);
    var ranked = data.features.filter(function (f) { return f.properties.symbol === "mention"; })
      .sort(function (a, b) { return b.properties.articles - a.properties.articles; });
    var named = ranked.slice(0, st.labels);
    var layer = L.geoJSON(data, {
      pane: shade,
      style: function (f) {
        if (f.properties.symbol === "mention") {
          return { color: st.stroke, weight: st.weight, fillColor: st.fill, fillOpacity: st.fillOpacity };
        }
        return { color: st.countryEdge, weight: 0.8, opacity: 0.9, fillColor: countryColor(f.properties.articles),
          fillOpacity: st.countryOpacity, className: "idlibmap-mention-country" };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: mentionRadius(f.properties.articles), color: st.stroke, weight: st.weight,
          fillColor: st.fill, fillOpacity: st.fillOpacity, pane: pane, className: "idlibmap-mention" });
      },
      onEachFeature: function (f, item) {
        var p = f.properties;
        item.bindPopup(function () { return mentionCard(p); },
          { maxWidth: Math.max(160, Math.min(340, window.innerWidth - 70)), className: "idlibmap-mention-popup" });
        var entry = { p: p, layer: item, circle: p.symbol === "mention", shown: true, label: null };
        if (named.indexOf(f) >= 0) {
          entry.label = mentionLabel(map, entry);
          labels.push(entry.label);
          item.bindTooltip(el("span", null, p.name), { permanent: true, direction: "right",
            offset: labelOffset("right", mentionRadius(p.articles)), className: "idlibmap-place-label" });
        } else {
          item.bindTooltip(el("span", null, p.name), { sticky: !entry.circle });
        }
        mentions.items.push(entry);
        locatorData.story.push(f);
      }
    });
    layer.addTo(group);
    /* Where every circle on the map has its centre, for the names to keep off (see mentionLabel). */
    placers.push(function () {
      var origin = map.getContainer().getBoundingClientRect();
      mentions.centres = mentions.items.filter(function (item) { return item.circle && item.shown; })
        .map(function (item) {
          var pt = map.latLngToContainerPoint(item.layer.getLatLng());
          return { item: item, x: pt.x + origin.left, y: pt.y + origin.top };
        });
    });
    return layer;
  }

  /* Where a name goes for each side, ``radius`` px out from its point (Leaflet adds 6 px). */
  function labelOffset(side, radius) {
    var d = radius + 2;
    return side === "left" ? [-d, 0] : side === "right" ? [d, 0] : side === "top" ? [0, -d] : [0, d];
  }

  /* ``layer``'s permanent name as a label tried on each side in turn (LABEL_SIDES), ``radius()`` px out
   * from its point. */
  function sidedLabel(layer, priority, radius) {
    return {
      element: function () { return layer.isTooltipOpen() && layer.getTooltip().getElement(); },
      priority: priority,
      sides: LABEL_SIDES,
      side: function (side) {
        var tip = layer.getTooltip();
        if (!tip || tip.options.direction === side) return;
        tip.options.direction = side;
        tip.options.offset = labelOffset(side, radius());
        if (layer.isTooltipOpen()) tip.update();
      }
    };
  }

  /* A circle's name sits next to it, so it never reads as another place's: right of the circle, else
   * above or below it (centred), else left of it; never starting more than styles.mention.labelReach px
   * beside the circle's edge (a long name is never put far off to the left), always inside the frame and
   * clear of the panels and of other names. A side clear of every other circle's centre is taken first;
   * in a crowd, the first side in reach. A name that fits nowhere is left out until there is room: its
   * circle's popup still names the place. */
  function mentionLabel(map, entry) {
    var item = entry.layer, reach = config.styles.mention.labelReach;
    var label = sidedLabel(item, config.styles.labelPriority.place + Math.log(1 + entry.p.articles) / 10,
      function () { return item.getRadius(); });
    label.fits = function (box, strict) {
      var origin = map.getContainer().getBoundingClientRect(), r = item.getRadius();
      var centre = map.latLngToContainerPoint(item.getLatLng()).add([origin.left, origin.top]);
      /* The name's first letter, where a reader starts: this near the circle's edge. */
      if (Math.abs(box.left - centre.x) - r > reach) return false;
      return !strict || !(mentions.centres || []).some(function (c) {
        return c.item !== entry && c.x > box.left && c.x < box.right && c.y > box.top && c.y < box.bottom;
      });
    };
    return label;
  }

  /* Show the articles dated ``from``–``to`` (ISO days), or every article when ``all``. */
  function showDates(from, to, all) {
    mentions.from = from;
    mentions.to = to;
    mentions.all = all;
    mentions.items.forEach(function (item) {
      var count = shownCount(item.p), parent = item.layer.idlibmapGroup;
      if (!parent) {
        /* The layer group holding the item, found once: hiding is taking it off the map. */
        ui.map.eachLayer(function (candidate) {
          if (candidate.hasLayer && candidate.hasLayer(item.layer) && candidate !== ui.map) parent = candidate;
        });
        item.layer.idlibmapGroup = parent;
      }
      if (!count) {
        if (item.shown && parent) { parent.removeLayer(item.layer); item.shown = false; }
        return;
      }
      if (!item.shown && parent) { parent.addLayer(item.layer); item.shown = true; }
      if (item.circle) {
        var radius = mentionRadius(count);
        item.layer.setRadius(radius);
        if (item.label && item.layer.getTooltip()) {
          var tip = item.layer.getTooltip();
          tip.options.offset = labelOffset(tip.options.direction, radius);
          if (item.layer.isTooltipOpen()) item.layer.getTooltip().update();
        }
      } else {
        item.layer.setStyle({ fillColor: countryColor(count) });
      }
      if (item.layer.isPopupOpen()) item.layer.setPopupContent(mentionCard(item.p));
    });
    /* The largest circles below, the smallest on top, whichever the dates (a circle put back comes last). */
    mentions.items.filter(function (item) { return item.circle && item.shown; })
      .sort(function (a, b) { return b.layer.getRadius() - a.layer.getRadius(); })
      .forEach(function (item) { item.layer.bringToFront(); });
    if (ui.map) setTimeout(function () { declutter(ui.map); }, 0);
  }

  function rangeWords() {
    if (mentions.all || !mentions.from) return "all dates";
    return mentions.from === mentions.to ? dateWords(mentions.from) : dateWords(mentions.from) + " – " + dateWords(mentions.to);
  }

  /* The time control: a day slider over every day of the feed, a window (a day, a week, 30 days or all
   * dates) ending on the slider's day, and play/pause, which moves the window a day at a time. Native
   * inputs and buttons, so it works with the keyboard; the dates shown are said in words (aria-live).
   * In compact mode (an iframe, a phone) it folds into one line, the dates shown and Play, like the other
   * buttons on a small map; the dates button unfolds the rest (Escape or a click on the map folds it). */
  var WINDOWS = [["all", "All dates", 0], ["day", "A day", 1], ["week", "A week", 7], ["month", "30 days", 30]];
  var PLAY_STEP_MS = 800;
  var SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /* The dates shown, short enough for one line on a phone: "All dates", "7 Mar 2024", "1–7 Mar 2024". */
  function shortRange() {
    if (mentions.all || !mentions.from) return "All dates";
    var a = mentions.from.split("-").map(Number), b = mentions.to.split("-").map(Number);
    var end = b[2] + " " + SHORT_MONTHS[b[1] - 1] + " " + b[0];
    if (mentions.from === mentions.to) return end;
    if (a[0] === b[0] && a[1] === b[1]) return a[2] + "–" + end;
    return a[2] + " " + SHORT_MONTHS[a[1] - 1] + (a[0] === b[0] ? "" : " " + a[0]) + " – " + end;
  }

  function timeControl() {
    var days = config.mentions.days;
    return panel("topleft", "idlibmap-time", function (box) {
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Dates shown");
      var bar = el("div", "idlibmap-time-bar");
      var toggle = el("button", "idlibmap-time-toggle"), words = el("span", "idlibmap-time-words");
      toggle.type = "button";
      toggle.title = "Choose the dates shown";
      toggle.setAttribute("aria-controls", "idlibmap-time-body");
      toggle.appendChild(words);
      toggle.appendChild(el("span", "idlibmap-time-caret", "▾")).setAttribute("aria-hidden", "true");
      bar.appendChild(toggle);
      var body = el("div", "idlibmap-time-body");
      body.id = "idlibmap-time-body";
      var row = el("div", "idlibmap-time-row");
      var label = el("label", "idlibmap-time-label", "Show");
      var choice = el("select", "idlibmap-time-window");
      choice.id = "idlibmap-time-window";
      label.htmlFor = choice.id;
      WINDOWS.forEach(function (w) {
        var option = el("option", null, w[1]);
        option.value = w[0];
        choice.appendChild(option);
      });
      var play = el("button", "idlibmap-time-play");
      play.type = "button";
      row.appendChild(label);
      row.appendChild(choice);
      row.appendChild(play);
      var slider = el("input", "idlibmap-time-slider");
      slider.type = "range";
      slider.min = 0;
      slider.max = Math.max(days.length - 1, 0);
      slider.step = 1;
      slider.value = slider.max;
      slider.setAttribute("aria-label", "Last day shown");
      var text = el("output", "idlibmap-time-text");
      text.setAttribute("aria-live", "polite");
      body.appendChild(row);
      body.appendChild(slider);
      body.appendChild(text);
      box.appendChild(bar);
      box.appendChild(body);
      var timer = null;

      function windowDays() {
        var found = 0;
        WINDOWS.forEach(function (w) { if (w[0] === choice.value) found = w[2]; });
        return found;
      }
      function update() {
        var span = windowDays(), end = Number(slider.value);
        slider.disabled = !span;
        if (!span) showDates(days[0], days[days.length - 1], true);
        else showDates(days[Math.max(0, end - span + 1)], days[end], false);
        var articles = span ? 0 : config.mentions.undated;
        days.forEach(function (day, i) { if (inWindow(day)) articles += config.mentions.per_day[i]; });
        text.textContent = (span ? rangeWords() : "All dates, " + dateWords(days[0]) + " – " +
          dateWords(days[days.length - 1])) + " · " + thousands(articles) + " article" + (articles === 1 ? "" : "s");
        slider.setAttribute("aria-valuetext", dateWords(days[end]));
        words.textContent = shortRange();
      }
      /* Play's words: "▶ Play" on a wide screen, its sign alone (named for screen readers) on a small one. */
      function playWords() {
        var playing = Boolean(timer), sign = playing ? "❚❚" : "▶", name = playing ? "Pause" : "Play";
        play.textContent = ui.compact ? sign : sign + " " + name;
        if (ui.compact) play.setAttribute("aria-label", name);
        else play.removeAttribute("aria-label");
        play.setAttribute("aria-pressed", playing ? "true" : "false");
      }
      function stop() {
        window.clearInterval(timer);
        timer = null;
        playWords();
      }
      function step() {
        if (Number(slider.value) >= days.length - 1) { stop(); return; }
        slider.value = Number(slider.value) + 1;
        update();
      }
      /* Folded, the control is its one line; words say the dates shown (to screen readers too, then). */
      function fold(folded, refocus) {
        L.DomUtil[folded ? "addClass" : "removeClass"](box, "idlibmap-time-folded");
        toggle.setAttribute("aria-expanded", folded ? "false" : "true");
        if (folded) words.setAttribute("aria-live", "polite");
        else words.removeAttribute("aria-live");
        if (refocus) toggle.focus();
        if (ui.map) setTimeout(function () { declutter(ui.map); }, 0);  /* names under the unfolded part hide */
      }
      L.DomEvent.on(choice, "change", function () { update(); });
      L.DomEvent.on(slider, "input", function () { update(); });
      L.DomEvent.on(play, "click", function () {
        if (timer) { stop(); return; }
        if (!windowDays()) choice.value = "week";
        if (Number(slider.value) >= days.length - 1) slider.value = Math.min(windowDays() - 1, days.length - 1);
        update();
        timer = window.setInterval(step, PLAY_STEP_MS);
        playWords();
      });
      L.DomEvent.on(toggle, "click", function () { fold(!L.DomUtil.hasClass(box, "idlibmap-time-folded")); });
      box.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && ui.compact && !L.DomUtil.hasClass(box, "idlibmap-time-folded")) {
          fold(true, true);
          e.stopPropagation();
        }
      });
      /* Play sits on the one line in compact mode, beside the window's choice on a wide screen. */
      ui.onMode.push(function (compact) {
        if (compact) bar.appendChild(play);
        else row.appendChild(play);
        fold(compact);
        playWords();
      });
      ui.onFold.push(function () { if (ui.compact) fold(true); });
      L.DomEvent.disableClickPropagation(box);
      setTimeout(update, 0);  /* once the layers, added after the panels, are on the map */
    });
  }

  /* ---------------------------------------------------------------- basemap */

  /* The basemap: land (a hairline of its own fill hides the seams between rings of detail), lakes, rivers,
   * province outlines and borders, then the names: seas, provinces, rivers, lakes, reference towns, and a
   * name for every country in view (placed anew after each move, see countryNames). */
  function addBasemap(map, group, data) {
    Object.keys(data).forEach(function (kind) { unpackCollection(data[kind]); });
    locatorData.countries = data.overview;
    ensurePane(map, "idlibmap-basemap", 200);
    ensurePane(map, "idlibmap-basemap-lines", 210);
    ensurePane(map, "idlibmap-basemap-labels", 390);
    var colors = config.styles.basemap, bearings = config.styles.bearings;
    /* Many vertices and no interaction: drawn on canvas, which is much quicker to build than SVG paths. */
    var land = L.canvas({ pane: "idlibmap-basemap" }), lines = L.canvas({ pane: "idlibmap-basemap-lines" });
    landLayer(data.countries, land, 1).addTo(group);
    L.geoJSON(data.water, { renderer: lines, interactive: false, style: waterStyle }).addTo(group);
    L.geoJSON(data.provinces, { renderer: lines, interactive: false, style: function (f) {
      var story = f.properties.kind === "province-story";
      return { color: bearings.color[f.properties.kind], weight: bearings.width[f.properties.kind], fill: false,
        opacity: 1, dashArray: story ? null : "5 3", lineJoin: "round" };
    } }).addTo(group);
    L.geoJSON(data.borders, { renderer: lines, interactive: false,
      style: { color: colors.border, weight: bearings.width.border, fill: false, opacity: 1, lineJoin: "round" }
    }).addTo(group);
    /* Names join the map when the view first comes near them: a page holds hundreds of towns, a view a few
     * dozen, and the declutter measures only what is on the map. */
    var waiting = data.labels.features.slice();
    placers.push(function () {
      var zoom = map.getZoom(), near = map.getBounds().pad(0.5);
      waiting = waiting.filter(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        if (zoom < p.min_zoom - 0.01 || zoom >= p.max_zoom || !near.contains([c[1], c[0]])) return true;
        basemapLabel(group, f);
        return false;
      });
    });
    countryNames(map, group, data.countries);
  }

  function basemapLabel(group, f) {
    var p = f.properties, c = f.geometry.coordinates;
    var kind = p.kind === "capital" ? "town-label idlibmap-capital" : p.kind + "-label";
    /* The declutter shows a label from half a zoom past its minZoom: shift so min_zoom means what it says. */
    var marker = textMarker([c[1], c[0]], p.name, "idlibmap-basemap-label idlibmap-" + kind, "idlibmap-basemap-labels",
      p.priority, p.min_zoom - 0.5, null, p.spots ? p.spots : null);
    var entry = labels[labels.length - 1];
    entry.maxZoom = p.max_zoom - 0.5;
    entry.shape = p.kind === "town" || p.kind === "capital" ? "town" : "centre";
    if (p.kind === "town" || p.kind === "capital") {
      /* A town's name goes right of its dot, or left when that is clear and the right is not. */
      entry.sides = ["right", "left"];
      entry.side = function (side) {
        var node = marker.getElement();
        if (node) L.DomUtil[side === "left" ? "addClass" : "removeClass"](node, "idlibmap-left");
      };
    }
    marker.addTo(group);
  }

  function landLayer(countries, renderer, seam) {
    var colors = config.styles.basemap;
    return L.geoJSON(countries, { renderer: renderer, interactive: false, style: function (f) {
      var fill = f.properties.highlight ? colors.highlight : colors.land;
      return { color: fill, weight: seam, opacity: 1, fillColor: fill, fillOpacity: 1 };
    } });
  }

  function waterStyle(f) {
    var p = f.properties, bearings = config.styles.bearings;
    if (p.kind === "lake") {
      return { color: bearings.color.river, weight: 0.7, opacity: 1, fillColor: bearings.color.lake, fillOpacity: 1 };
    }
    return { color: bearings.color.river, weight: p.rank <= 5 ? bearings.width["river-major"] : bearings.width.river,
      opacity: 1, fill: false, lineCap: "round", lineJoin: "round" };
  }

  /* Every country with enough land in view is named there: at its own label point when that is in view
   * (unless the story names the country itself), else at the spots of its visible land farthest from the
   * land's edges and the window's, best first. The label declutter takes the first spot that is clear. */
  function countryNames(map, group, countries) {
    var byName = {}, order = [];
    countries.features.forEach(function (f) {
      var p = f.properties, g = f.geometry;
      if (!byName[p.name]) { byName[p.name] = { p: p, rings: [] }; order.push(p.name); }
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      polygons.forEach(function (polygon) {
        /* Where a name fits needs no fine outline: a copy simplified to about a kilometre is enough. */
        var outline = L.LineUtil.simplify(polygon[0].map(function (xy) { return L.point(xy[0], xy[1]); }), 0.01);
        var ring = outline.map(function (pt) { return L.latLng(pt.y, pt.x); });
        if (ring.length > 2) byName[p.name].rings.push({ latlngs: ring, bounds: L.latLngBounds(ring) });
      });
    });
    var priority = config.styles.bearings.priority.country;
    var entries = order.map(function (name) {
      var c = byName[name], p = c.p;
      var marker = textMarker([p.label_lat, p.label_lon], name, "idlibmap-basemap-label idlibmap-country-label" +
        (p.highlight ? " highlight" : ""), "idlibmap-basemap-labels", priority - p.min_zoom / 10, p.min_zoom - 1, null, []);
      var entry = labels[labels.length - 1];
      entry.shape = "centre";
      marker.addTo(group);
      return { country: c, entry: entry };
    });
    function update() {
      var panels = panelBoxes(map), byCode = {};
      entries.forEach(function (item) {
        item.entry.spots = countrySpots(map, item.country, panels);
        var code = item.country.p.iso_a2;
        if (item.country.p.story_named && (!byCode[code] || item.country.p.min_zoom < byCode[code].country.p.min_zoom)) {
          byCode[code] = item;
        }
      });
      /* A country the story names keeps its own label (and card); it takes the spots the basemap would. */
      storyCountries.forEach(function (story) {
        var item = byCode[story.code];
        if (!item) return;
        var inView = wellInside(map, map.latLngToContainerPoint(story.at), panels);
        story.entry.spots = (inView ? [story.at] : []).concat(countrySpots(map, item.country, panels, true));
        item.entry.spots = [];
      });
    }
    placers.push(update);
  }

  /* The map's panels (title, legend, locator...) as boxes in the map's own pixels: names hidden under them
   * are no names. */
  function panelBoxes(map) {
    return controlBoxes(map, 8).map(function (b) { return L.bounds([b.left, b.top], [b.right, b.bottom]); });
  }

  function underPanel(panels, pt) {
    return panels.some(function (box) { return box.contains(pt); });
  }

  /* Spots for a country's name, best first: its own label point when in view, then the points of its largest
   * visible land farthest from that land's edges and the window's (none under a panel). A country the story
   * names gets none unless ``always`` (its own label takes them). */
  function countrySpots(map, country, panels, always) {
    var p = country.p, size = map.getSize(), view = map.getBounds();
    if (p.story_named && !always) return [];
    var spots = wellInside(map, map.latLngToContainerPoint([p.label_lat, p.label_lon]), panels) ?
      [L.latLng(p.label_lat, p.label_lon)] : [];
    var frame = L.bounds([0, 0], [size.x, size.y]), best = null, bestArea = 0;
    country.rings.forEach(function (ring) {
      if (!view.intersects(ring.bounds)) return;
      var points = L.LineUtil.simplify(ring.latlngs.map(function (ll) { return map.latLngToContainerPoint(ll); }), 2);
      var clipped = L.PolyUtil.clipPolygon(points, frame);
      var area = Math.abs(ringArea(clipped));
      if (area > bestArea) { bestArea = area; best = clipped; }
    });
    if (!best || bestArea < (spots.length ? 0.002 : 0.03) * size.x * size.y) return spots;
    var box = L.bounds(best), found = [], columns = 12, rows = 8;
    for (var i = 0; i < columns; i++) {
      for (var j = 0; j < rows; j++) {
        var pt = L.point(box.min.x + (box.max.x - box.min.x) * (i + 0.5) / columns,
          box.min.y + (box.max.y - box.min.y) * (j + 0.5) / rows);
        if (insideRing(best, pt) && !underPanel(panels, pt)) found.push({ point: pt, room: edgeDistance(best, pt) });
      }
    }
    found.sort(function (a, b) { return b.room - a.room; });
    return spots.concat(found.slice(0, 16).map(function (f) { return map.containerPointToLatLng(f.point); }));
  }

  /* Far enough inside the window for a country's name centred there to show whole, and under no panel. */
  function wellInside(map, pt, panels) {
    var size = map.getSize();
    return pt.x > 60 && pt.x < size.x - 60 && pt.y > 30 && pt.y < size.y - 30 && !underPanel(panels, pt);
  }

  function ringArea(points) {
    var sum = 0;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      sum += (points[j].x + points[i].x) * (points[j].y - points[i].y);
    }
    return sum / 2;
  }

  function insideRing(points, pt) {
    var inside = false;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      var a = points[i], b = points[j];
      if ((a.y > pt.y) !== (b.y > pt.y) && pt.x < (b.x - a.x) * (pt.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
    }
    return inside;
  }

  function edgeDistance(points, pt) {
    var nearest = Infinity;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      nearest = Math.min(nearest, L.LineUtil.pointToSegmentDistance(pt, points[j], points[i]));
    }
    return nearest;
  }

  /* ---------------------------------------------------------------- panels */

  /* On a wide screen the title, legend, sources and locator are panels on the map. Inside an iframe (an
   * article's column) or in a small window the map is the map: the title is left to the page around it (a
   * one-line heading on a page of its own), the legend and the sources fold into buttons that open a
   * closable sheet, the locator keeps only its button and the attribution shrinks. */
  var COMPACT_WIDTH = 900, COMPACT_HEIGHT = 560;  /* CSS pixels */
  var framed = (function () {
    try { return window.self !== window.top; } catch (err) { return true; }  /* a cross-origin parent */
  })();
  var ui = { map: null, compact: null, folds: [], onMode: [], onFold: [], started: false };

  function panel(position, className, build) {
    var Control = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        var box = el("div", "idlibmap-panel " + className);
        build(box);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Control();
  }

  /* A panel that folds: a <details> whose summary is the button and whose body becomes a sheet over the
   * map in compact mode, with a heading and a close button. ``names`` gives the summary's words when wide
   * and when compact, the sheet's heading, and a function saying whether it starts open on a wide screen. */
  function foldingPanel(position, className, names, build) {
    return panel(position, className + " idlibmap-folding", function (box) {
      var details = el("details"), summary = el("summary", null, names.wide);
      var sheet = el("div", "idlibmap-sheet"), head = el("div", "idlibmap-sheet-head");
      var heading = el("h2", null, names.sheet);
      heading.id = "idlibmap-sheet-" + className.replace(/^idlibmap-/, "");
      sheet.setAttribute("role", "region");
      sheet.setAttribute("aria-labelledby", heading.id);
      var close = el("button", "idlibmap-close", "×");
      close.type = "button";
      close.title = "Close: " + names.sheet;
      close.setAttribute("aria-label", "Close: " + names.sheet);
      L.DomEvent.on(close, "click", function () { fold.close(true); });
      head.appendChild(heading);
      head.appendChild(close);
      sheet.appendChild(head);
      build(sheet, details);
      details.appendChild(summary);
      details.appendChild(sheet);
      box.appendChild(details);
      var fold = {
        details: details, summary: summary, names: names,
        close: function (refocus) {
          details.open = false;
          if (refocus) summary.focus();
        }
      };
      details.addEventListener("toggle", function () {
        if (!details.open || !ui.compact) return;
        /* One sheet at a time, and no popup under it. */
        ui.folds.forEach(function (other) { if (other !== fold) other.details.open = false; });
        if (ui.map) ui.map.closePopup();
        sheet.scrollTop = 0;
      });
      ui.folds.push(fold);
    });
  }

  /* Open the folding panel of class ``className`` and put the focus on its close button. */
  function openFold(className) {
    ui.folds.forEach(function (fold) {
      if (!L.DomUtil.hasClass(fold.details.parentNode, className)) return;
      fold.details.open = true;
      var close = fold.details.querySelector(".idlibmap-close");
      if (close) close.focus({ preventScroll: true });
    });
  }

  function isCompact() {
    return framed || window.innerWidth < COMPACT_WIDTH || window.innerHeight < COMPACT_HEIGHT;
  }

  function updateMode() {
    var compact = isCompact();
    if (compact === ui.compact) return;
    ui.compact = compact;
    var container = ui.map.getContainer();
    L.DomUtil[compact ? "addClass" : "removeClass"](container, "idlibmap-compact");
    L.DomUtil[framed ? "addClass" : "removeClass"](container, "idlibmap-framed");
    ui.folds.forEach(function (fold) {
      fold.summary.textContent = compact ? fold.names.compact : fold.names.wide;
      fold.details.open = !compact && Boolean(fold.names.open && fold.names.open());
    });
    ui.onMode.forEach(function (update) { update(compact); });
  }

  function titlePanel() {
    return panel("topleft", "idlibmap-title", function (box) {
      box.appendChild(el("h1", null, config.title));
      if (config.summary) box.appendChild(el("p", "idlibmap-summary", config.summary));
      box.appendChild(el("p", "idlibmap-asof", config.as_of_text));
    });
  }

  /* The legend's rows, grouped by layer, each swatch drawn as the map draws the feature. */
  function legendRows(parent) {
    config.legend.forEach(function (group) {
      var section = el("section", "idlibmap-legend-group");
      if (group.layer && group.entries.length > 1) section.appendChild(el("h3", null, group.layer));
      group.entries.forEach(function (entry) {
        var row = el("div", "idlibmap-legend-row");
        row.appendChild(legendSwatch(entry.symbol));
        row.appendChild(el("span", null, entry.label));
        section.appendChild(row);
      });
      parent.appendChild(section);
    });
  }

  function legendPanel() {
    /* Open on a wide screen when there is room for it beside the story's view. */
    var roomy = function () { return window.innerWidth >= 1100 && window.innerHeight >= 640; };
    return foldingPanel("bottomright", "idlibmap-legend", { wide: "Legend", compact: "Key", sheet: "Key", open: roomy },
      function (sheet) {
        /* With no title panel in compact mode, the key says what the map is. */
        var about = el("p", "idlibmap-key-title");
        about.appendChild(el("strong", null, config.title));
        about.appendChild(el("span", null, " · " + config.as_of_text));
        sheet.appendChild(about);
        legendRows(sheet);
        var more = el("button", "idlibmap-link idlibmap-to-sources", "Sources and method (" + config.sources.length + ")");
        more.type = "button";
        L.DomEvent.on(more, "click", function () { openFold("idlibmap-sources"); });
        sheet.appendChild(more);
      });
  }

  /* Every source, numbered, linked when it has an http(s) address; then how the map was made. */
  function sourceList(parent) {
    var list = el("ol", "idlibmap-source-list");
    config.sources.forEach(function (source) {
      var item = el("li");
      var href = safeUrl(source.url);
      if (href) {
        var link = el("a", null, source.name);
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        item.appendChild(link);
      } else {
        item.appendChild(el("span", null, source.name));
      }
      if (source.date) item.appendChild(el("span", "idlibmap-source-date", " (" + source.date + ")"));
      if (source.note) item.appendChild(el("div", "idlibmap-source-note", source.note));
      list.appendChild(item);
    });
    parent.appendChild(el("h3", null, "Sources"));
    parent.appendChild(list);
    parent.appendChild(el("h3", null, "Method"));
    var method = el("ul", "idlibmap-method");
    config.method.forEach(function (line) { method.appendChild(el("li", null, line)); });
    parent.appendChild(method);
  }

  function sourcesPanel() {
    return foldingPanel("bottomleft", "idlibmap-sources",
      { wide: "Sources and method", compact: "Sources", sheet: "Sources and method", open: false }, sourceList);
  }


  function legendSwatch(symbol) {
    var styles = config.styles;
    if (symbol.type === "point") return symbolSvg(symbol.symbol, symbol.approximate);
    if (symbol.type === "mention-circle") {
      /* A reference circle at its true size on the map. */
      var r = Math.max(styles.mention.minRadius, symbol.radius * mentions.scale), side = Math.max(34, Math.ceil(2 * r + 4));
      var ring = svg("svg", { width: side, height: Math.ceil(2 * r + 4), "aria-hidden": "true",
        viewBox: "0 0 " + side + " " + Math.ceil(2 * r + 4) });
      ring.appendChild(svg("circle", { cx: side / 2, cy: r + 2, r: r, fill: styles.mention.fill,
        "fill-opacity": styles.mention.fillOpacity, stroke: styles.mention.stroke, "stroke-width": styles.mention.weight }));
      return ring;
    }
    var box = svg("svg", { width: 34, height: 18, viewBox: "0 0 34 18", "aria-hidden": "true" });
    if (symbol.type === "line") {
      var st = symbol.symbol === "border" ? styles.border : (styles.lines[symbol.symbol] || styles.lines.route);
      box.appendChild(svg("line", { x1: 2, y1: 9, x2: 32, y2: 9, stroke: st.color, "stroke-width": st.weight,
        "stroke-opacity": st.opacity, "stroke-linecap": "round",
        "stroke-dasharray": symbol.approximate ? styles.approximateDash : (st.dash || "none") }));
    } else if (symbol.type === "flow") {
      box.appendChild(svg("path", { d: "M2,9H24", stroke: styles.flow.color, "stroke-width": 5,
        "stroke-opacity": styles.flow.opacity,
        "stroke-dasharray": symbol.approximate ? styles.approximateDash : "none" }));
      box.appendChild(svg("path", { d: "M22,2L33,9L22,16z", fill: styles.flow.color }));
    } else if (symbol.type === "flow-scale") {
      box.appendChild(svg("path", { d: "M2,15L32,15L32,3z", fill: styles.flow.color,
        "fill-opacity": styles.flow.scaleOpacity }));
    } else if (symbol.type === "mention-country") {
      box.appendChild(svg("rect", { x: 3, y: 3, width: 28, height: 12, fill: symbol.color,
        "fill-opacity": styles.mention.countryOpacity, stroke: styles.mention.countryEdge, "stroke-width": 0.8 }));
    } else if (symbol.type === "stock") {
      box.appendChild(svg("circle", { cx: 17, cy: 9, r: 7, fill: styles.stock.fill, "fill-opacity": styles.stock.fillOpacity,
        stroke: styles.stock.fill, "stroke-width": 1.5 }));
    } else if (symbol.type === "approximate") {
      box.appendChild(svg("line", { x1: 2, y1: 9, x2: 32, y2: 9, stroke: styles.text.muted, "stroke-width": 2,
        "stroke-dasharray": styles.approximateDash }));
    } else if (symbol.type === "faction") {
      box.appendChild(svg("rect", { x: 2, y: 2, width: 30, height: 14, fill: symbol.color,
        "fill-opacity": styles.control.fillOpacity, stroke: styles.control.edge, "stroke-width": 1 }));
    } else if (symbol.type === "hatch") {
      box.appendChild(svg("rect", { x: 2, y: 2, width: 30, height: 14, fill: "url(#" + hatchPattern(symbol.color) + ")",
        stroke: "#999", "stroke-width": 0.5 }));
    } else if (symbol.type === "area") {
      box.appendChild(svg("rect", { x: 3, y: 3, width: 28, height: 12, fill: styles.area.fill,
        "fill-opacity": styles.area.fillOpacity, stroke: styles.area.stroke, "stroke-width": styles.area.weight,
        "stroke-dasharray": symbol.approximate ? styles.approximateDash : "none" }));
    } else if (symbol.type === "text") {
      var text = svg("text", { x: 17, y: 13, "text-anchor": "middle", "font-size": 11, "font-weight": 700,
        fill: symbol.italic ? styles.text.region : styles.text.country,
        "font-style": symbol.italic ? "italic" : "normal" });
      text.textContent = "Aa";
      box.appendChild(text);
    } else if (symbol.type === "land") {
      box.appendChild(svg("rect", { x: 2, y: 2, width: 30, height: 14, fill: styles.basemap[symbol.fill],
        stroke: styles.basemap.border }));
    }
    return box;
  }


  /* ---------------------------------------------------------------- features as a list */

  /* Every feature on the map as a list of buttons, grouped by layer, for keyboard and screen reader users:
   * a button opens the feature's own popup on the map, and closing the popup comes back to the button.
   * Its summary is hidden from sight until it has the focus, like a skip link. */
  function featureList(map) {
    return foldingPanel("topleft", "idlibmap-features",
      { wide: "List of map features", compact: "List of map features", sheet: "Map features", open: false },
      function (sheet, details) {
        var holder = el("div", "idlibmap-feature-groups");
        sheet.appendChild(holder);
        details.addEventListener("toggle", function () { if (details.open) fillFeatureList(map, holder, details); });
      });
  }

  function featureLayers(map) {
    var found = [];
    map.eachLayer(function (layer) {
      if (layer.feature && layer.feature.properties && layer.getPopup && layer.getPopup()) found.push(layer);
    });
    return found;
  }

  function fillFeatureList(map, holder, details) {
    holder.textContent = "";
    var groups = {}, order = [];
    featureLayers(map).forEach(function (layer) {
      var name = layer.feature.properties.layer || "";
      if (!groups[name]) { groups[name] = []; order.push(name); }
      groups[name].push(layer);
    });
    order.forEach(function (name) {
      var section = el("section");
      section.appendChild(el("h3", null, name));
      var list = el("ul");
      groups[name].forEach(function (layer) {
        var p = layer.feature.properties, item = el("li");
        var button = el("button", "idlibmap-link", p.name);
        button.type = "button";
        L.DomEvent.on(button, "click", function () { showFeature(map, layer, details, button); });
        item.appendChild(button);
        list.appendChild(item);
      });
      section.appendChild(list);
      holder.appendChild(section);
    });
  }

  function featureAnchor(map, layer) {
    if (layer.getLatLng) return layer.getLatLng();
    var view = map.getBounds();
    if (layer.getLatLngs && layer.getBounds && view.intersects(layer.getBounds())) {
      /* A line or area already in view: open at its point nearest the view's centre. */
      var centre = map.latLngToLayerPoint(view.getCenter()), best = null, bestDistance = Infinity;
      var rings = L.LineUtil.isFlat(layer.getLatLngs()) ? [layer.getLatLngs()] : flatRings(layer.getLatLngs());
      rings.forEach(function (ring) {
        ring.forEach(function (latlng) {
          var d = map.latLngToLayerPoint(latlng).distanceTo(centre);
          if (d < bestDistance && view.contains(latlng)) { best = latlng; bestDistance = d; }
        });
      });
      if (best) return best;
    }
    return layer.getCenter ? layer.getCenter() : layer.getBounds().getCenter();
  }

  function flatRings(latlngs) {
    var rings = [];
    (function walk(list) {
      if (L.LineUtil.isFlat(list)) rings.push(list);
      else list.forEach(walk);
    })(latlngs);
    return rings;
  }

  function showFeature(map, layer, details, button) {
    details.open = false;
    var at = featureAnchor(map, layer);
    if (!map.getBounds().contains(at)) map.setView(at, map.getZoom(), { animate: false });
    layer.openPopup(at);
    var popup = layer.getPopup();
    popup.idlibmapReturn = function () {
      details.open = true;
      button.focus({ preventScroll: false });
    };
    var content = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content");
    if (content) {
      content.tabIndex = -1;
      content.focus({ preventScroll: true });
    }
  }

  /* ---------------------------------------------------------------- popups clear of the panels */

  /* Boxes (in the map's pixels) of every panel and control on the map, with a margin. */
  function controlBoxes(map, margin) {
    var origin = map.getContainer().getBoundingClientRect(), boxes = [];
    map.getContainer().querySelectorAll(".leaflet-control, .idlibmap-sheet").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width && r.height) {
        boxes.push({ left: r.left - origin.left - margin, top: r.top - origin.top - margin,
          right: r.right - origin.left + margin, bottom: r.bottom - origin.top + margin });
      }
    });
    return boxes;
  }

  /* How far the map's content may move (in pixels, x right and y down) before the view leaves the map's
   * bounds, where Leaflet would pan it back. */
  function panRoom(map) {
    var bounds = map.options.maxBounds, size = map.getSize();
    if (!bounds) return { minX: -Infinity, maxX: Infinity, minY: -Infinity, maxY: Infinity };
    var nw = map.latLngToContainerPoint(bounds.getNorthWest()), se = map.latLngToContainerPoint(bounds.getSouthEast());
    return { minX: Math.min(0, size.x - se.x), maxX: Math.max(0, -nw.x), minY: Math.min(0, size.y - se.y),
      maxY: Math.max(0, -nw.y) };
  }

  /* The smallest move of a box that puts it inside the map and clear of every panel, within the room the map
   * has to pan: candidates line its edges up with the map's and the panels' edges. Null when none fits. */
  function clearMove(box, boxes, size, margin, room) {
    var w = box.right - box.left, h = box.bottom - box.top, best = null;
    var xs = [box.left, margin, size.x - margin - w], ys = [box.top, margin, size.y - margin - h];
    boxes.forEach(function (b) { xs.push(b.right, b.left - w); ys.push(b.bottom, b.top - h); });
    xs.forEach(function (x) {
      ys.forEach(function (y) {
        var dx = x - box.left, dy = y - box.top;
        if (x < margin - 0.5 || y < margin - 0.5 || x + w > size.x - margin + 0.5 || y + h > size.y - margin + 0.5) return;
        if (dx < room.minX - 0.5 || dx > room.maxX + 0.5 || dy < room.minY - 0.5 || dy > room.maxY + 0.5) return;
        if (overlaps({ left: x, top: y, right: x + w, bottom: y + h }, boxes)) return;
        var cost = Math.abs(dx) + Math.abs(dy);
        if (!best || cost < best.cost) best = { x: dx, y: dy, cost: cost };
      });
    });
    return best;
  }

  var POPUP_TIP = 20;  /* pixels of the popup's tip under its card */

  function popupBox(map, node) {
    var origin = map.getContainer().getBoundingClientRect(), r = node.getBoundingClientRect();
    return { left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left,
      bottom: r.bottom - origin.top + POPUP_TIP };
  }

  /* A popup opens clear of every panel and inside the map, the map panning as little as it can; a card too
   * tall for the room left scrolls inside itself. */
  function placePopup(map, popup) {
    var node = popup.getElement();
    if (!node) return;
    var size = map.getSize(), margin = 8, boxes = controlBoxes(map, 4), room = panRoom(map);
    slide(popup, 0);
    popup.options.maxHeight = Math.max(120, size.y - 2 * margin - POPUP_TIP - 40);
    popup.update();
    var box = popupBox(map, node);
    var move = clearMove(box, boxes, size, margin, room);
    /* No room as it is: shorter, scrolling inside, until it fits between the panels (or at least in the map). */
    var content = node.querySelector(".leaflet-popup-content"), height = content ? content.offsetHeight : 0;
    for (var tries = 0; !move && content && tries < 8 && height > 100; tries++) {
      height = Math.max(100, Math.round(height * 0.85));
      popup.options.maxHeight = height;
      popup.update();
      box = popupBox(map, node);
      move = clearMove(box, boxes, size, margin, room);
    }
    move = move || clearMove(box, [], size, margin, room);
    if (move && (move.x || move.y)) map.panBy([-move.x, -move.y], { animate: false });
    /* Where the map cannot pan so far (a world view at its widest), the card slides along the map's edge
     * instead, its tip still on the place. */
    box = popupBox(map, node);
    var by = box.left < margin ? margin - box.left : (box.right > size.x - margin ? size.x - margin - box.right : 0);
    var half = Math.max(0, (box.right - box.left) / 2 - 24);  /* the tip (40 px wide) stays on the card */
    if (by) slide(popup, Math.max(-half, Math.min(half, by)));
  }

  /* Moves a popup's card ``by`` pixels sideways from where Leaflet puts it, its tip left where it was. */
  function slide(popup, by) {
    if (!popup.idlibmapOffset) popup.idlibmapOffset = L.point(popup.options.offset);
    popup.options.offset = popup.idlibmapOffset.add([by, 0]);
    popup.update();
    var tip = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-tip-container");
    if (tip) tip.style.transform = by ? "translateX(" + -by + "px)" : "";
  }

  function keepPopupsClear(map) {
    L.Popup.mergeOptions({ autoPan: false });  /* placed by placePopup instead, clear of the panels */
    map.on("popupopen", function (e) {
      var popup = e.popup, node = popup.getElement();
      if (ui.compact) ui.folds.forEach(function (fold) { fold.details.open = false; });
      placePopup(map, popup);
      if (node && !node.idlibmapKeys) {
        /* Escape closes the card even when the focus is inside it (Leaflet listens on the map only). */
        node.idlibmapKeys = true;
        node.addEventListener("keydown", function (event) {
          if (event.key === "Escape") { map.closePopup(popup); L.DomEvent.stop(event); }
        });
      }
    });
    map.on("popupclose", function (e) {
      /* Back to the list the card was opened from, when it is closed from the keyboard or its close button
       * (not when the reader clicks elsewhere on the map). */
      var back = e.popup.idlibmapReturn, node = e.popup.getElement(), focus = document.activeElement;
      e.popup.idlibmapReturn = null;
      if (back && (!focus || focus === document.body || (node && node.contains(focus)))) back();
    });
  }

  /* ---------------------------------------------------------------- locator inset */

  /* A small overview of the whole story (Moscow to Brussels to Idlib) with the main view outlined. Clicking
   * it, or its button, zooms the main map out to everything; the button then reads "Back to the first view"
   * and returns there. In compact mode only the button is shown. */
  function locator(map) {
    return panel("bottomleft", "idlibmap-locator", function (box) {
      var button = el("button", "idlibmap-whole");
      button.type = "button";
      var inset = el("div", "idlibmap-locator-map");
      inset.setAttribute("aria-hidden", "true");
      box.appendChild(inset);
      box.appendChild(button);
      var whole = false, drawn = false;
      function label() {
        /* A map of many articles opens where most of them are: the button shows every place they name. */
        button.textContent = whole ? "Back to the first view" :
          config.mentions ? "Show every place" : "Show the whole story";
        button.title = whole ? "Return to the " + (config.mentions ? "map's" : "story's") + " first view" :
          "Zoom out to every place " + (config.mentions ? "on the map" : "in the story");
      }
      function showWhole() {
        /* Keep the story clear of an open legend on the right. */
        var legend = ui.compact ? null : map.getContainer().querySelector(".idlibmap-legend details[open]");
        var right = legend ? legend.parentNode.offsetWidth + 24 : 24;
        map.fitBounds(config.whole, { paddingTopLeft: [24, 24], paddingBottomRight: [right, 24], animate: false });
      }
      function toggle() {
        whole = !whole;
        if (whole) showWhole();
        else firstView(map);
        label();
      }
      label();
      L.DomEvent.on(button, "click", toggle);
      L.DomEvent.on(inset, "click", function () { if (!whole) toggle(); });
      function draw() {
        if (!drawn && inset.offsetWidth) { drawn = true; drawLocator(map, inset); }
      }
      /* Drawn once it is first shown (never in compact mode): at once on a later change of mode, after the
       * story's layers are added when the page starts. */
      ui.onMode.push(function () { if (ui.started) draw(); else setTimeout(draw, 0); });
    });
  }

  function drawLocator(map, inset) {
    if (!inset.offsetWidth) return;  /* hidden on small screens: the button is enough there */
    var mini = L.map(inset, { zoomControl: false, attributionControl: false, dragging: false, touchZoom: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, zoomSnap: 0.25 });
    var colors = config.styles.basemap;
    if (locatorData.countries) {
      L.geoJSON(locatorData.countries, { renderer: L.canvas(), interactive: false, style: function (f) {
        return { color: colors.border, weight: 0.4, fillOpacity: 1,
          fillColor: f.properties.highlight ? colors.highlight : colors.land };
      } }).addTo(mini);
    }
    L.geoJSON({ type: "FeatureCollection", features: locatorData.story }, {
      interactive: false,
      filter: function (f) {
        return ["areas", "control", "changes", "stocks"].indexOf(f.properties.section) < 0 &&
          f.properties.symbol !== "country-mentions";  /* a country in the news: its whole land, too much here */
      },
      style: function (f) {
        var st = lineStyle(f);
        return { color: st.color, weight: f.properties.section === "flows" ? 2 : 1.2, opacity: 0.9, dashArray: null };
      },
      pointToLayer: function (f, latlng) {
        var st = f.properties.symbol === "country" || f.properties.symbol === "region" ? null : pointStyle(f.properties.symbol);
        return st ? L.circleMarker(latlng, { radius: 2, weight: 0, fillOpacity: 1, fillColor: st.fill, interactive: false })
          : L.layerGroup();
      }
    }).addTo(mini);
    mini.fitBounds(config.whole, { padding: [4, 4], animate: false });
    var frame = L.rectangle(map.getBounds(), { color: config.styles.insetFrame, weight: 1.5, fill: false,
      interactive: false }).addTo(mini);
    map.on("moveend zoomend resize", function () { frame.setBounds(map.getBounds()); });
  }


  /* ---------------------------------------------------------------- wheel, touch and keys */

  /* Where the map sits in a page that scrolls, scrolling the page over it scrolls the page. The wheel
   * zooms only once the reader has clicked or focused the map, or with Ctrl (⌘ on a Mac) held, and a
   * one-line hint says so; this holds in compact mode (an iframe, a small window) and on any page that
   * scrolls. In an iframe, or on a page that scrolls, one finger scrolls the page on a touch screen and
   * two fingers move and zoom the map; a full-window map of its own keeps one-finger panning. */
  function cooperativeGestures(map) {
    var container = map.getContainer(), hint = el("div", "idlibmap-hint"), hideTimer = null;
    hint.setAttribute("aria-hidden", "true");
    container.appendChild(hint);
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
    var state = { wheel: false, touch: false, active: false };
    function show(text) {
      hint.textContent = text;
      L.DomUtil.addClass(hint, "idlibmap-hint-shown");
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () { L.DomUtil.removeClass(hint, "idlibmap-hint-shown"); }, 1600);
    }
    function update() {
      var scrolls = document.documentElement.scrollHeight > window.innerHeight + 1;
      state.wheel = Boolean(ui.compact) || scrolls;
      state.touch = framed || scrolls;
      if (state.wheel && !state.active) map.scrollWheelZoom.disable();
      else map.scrollWheelZoom.enable();
      L.DomUtil[state.touch ? "addClass" : "removeClass"](container, "idlibmap-touch-cooperative");
    }
    function activate() { if (!state.active) { state.active = true; update(); } }
    function deactivate() { if (state.active) { state.active = false; update(); } }
    ui.onMode.push(update);
    window.addEventListener("resize", update);
    container.addEventListener("mousedown", activate, true);
    container.addEventListener("focusin", activate);
    container.addEventListener("focusout", function (e) { if (!container.contains(e.relatedTarget)) deactivate(); });
    container.addEventListener("mouseleave", deactivate);
    var pending = 0, at = null, timer = null;
    container.addEventListener("wheel", function (e) {
      if (!state.wheel || state.active) return;
      if (!(e.ctrlKey || e.metaKey)) {
        show(mac ? "Use ⌘ + scroll to zoom the map" : "Use Ctrl + scroll to zoom the map");
        return;
      }
      /* Zoom as Leaflet's own wheel handler would, around the pointer. */
      e.preventDefault();
      pending += L.DomEvent.getWheelDelta(e);
      at = map.mouseEventToContainerPoint(e);
      clearTimeout(timer);
      timer = setTimeout(function () {
        var levels = pending / (map.options.wheelPxPerZoomLevel * 4);
        var step = 4 * Math.log(2 / (1 + Math.exp(-Math.abs(levels)))) / Math.LN2;
        var zoom = map.getZoom();
        var target = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), zoom + (pending > 0 ? step : -step)));
        pending = 0;
        if (target !== zoom) map.setZoomAround(at, target);
      }, 40);
    }, { passive: false });
    /* One finger: Leaflet never hears of it, so the page scrolls (touch-action allows it, see the CSS). */
    container.addEventListener("touchstart", function (e) {
      if (state.touch && e.touches.length < 2) e.stopPropagation();
    }, { capture: true, passive: true });
    container.addEventListener("touchmove", function (e) {
      if (state.touch && e.touches.length === 1 && !e.target.closest(".leaflet-control")) {
        show("Use two fingers to move the map");
      }
    }, { capture: true, passive: true });
    update();
  }

  /* Escape folds the panel the focus is in and gives the focus back to its button; a click on the map
   * folds an open sheet. */
  function foldsByKeyboard(map) {
    map.getContainer().addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      ui.folds.forEach(function (fold) {
        if (fold.details.open && fold.details.contains(document.activeElement)) {
          fold.close(true);
          e.stopPropagation();
        }
      });
    });
    map.on("click", function () {
      if (ui.compact) ui.folds.forEach(function (fold) { fold.details.open = false; });
      ui.onFold.forEach(function (fold) { fold(); });
    });
  }

  /* The panels and controls come first in the tab order, before the symbols on the map. */
  function controlsFirst(map) {
    var container = map.getContainer(), controls = container.querySelector(".leaflet-control-container");
    if (controls) container.insertBefore(controls, container.firstChild);
  }

  /* ---------------------------------------------------------------- printing */

  /* The printed page holds the title above the map, the legend beside it and every source and the method
   * after it, flowing onto more pages as needed: print-only copies built from the same data, so nothing
   * folded or scrolled away on screen is lost. The map is refitted and its labels decluttered again at
   * the printed size. */
  function preparePrinting(map) {
    var container = map.getContainer(), parent = container.parentNode;
    var head = el("header", "idlibmap-print idlibmap-print-head");
    head.appendChild(el("h1", null, config.title));
    head.appendChild(el("p", "idlibmap-asof", config.as_of_text));
    if (config.summary) head.appendChild(el("p", "idlibmap-summary", config.summary));
    var legend = el("section", "idlibmap-print idlibmap-print-legend");
    legend.appendChild(el("h2", null, "Legend"));
    legendRows(legend);
    var sources = el("section", "idlibmap-print idlibmap-print-sources");
    sources.appendChild(el("h2", null, "Sources and method"));
    sourceList(sources);
    sources.appendChild(el("p", "idlibmap-print-credit",
      "Shapes: Natural Earth (public domain); rivers: GSHHG (LGPL). Places: GeoNames (CC BY 4.0). " +
      "Drawn with Leaflet by idlibmap."));
    parent.insertBefore(head, container);
    parent.insertBefore(legend, container.nextSibling);
    parent.insertBefore(sources, legend.nextSibling);
    function refit() {
      map.invalidateSize({ animate: false });
      firstView(map, 12);
      declutter(map);  /* now: the page is laid out for print before any timer runs */
    }
    /* The print layout's size is known only once print styles apply, after "beforeprint". */
    var printing = window.matchMedia && window.matchMedia("print");
    if (printing && printing.addEventListener) printing.addEventListener("change", refit);
    window.addEventListener("afterprint", refit);
  }

  /* ---------------------------------------------------------------- start */

  /* The story's view, fitted to the map: on a wide screen clear of the panels (fitView); in compact mode
   * under the one-line title (if any) and above the row of buttons along the bottom, the corners' buttons
   * allowed over its corners; ``padding`` fits it plainly (on paper). */
  function firstView(map, padding) {
    if (!ui.compact && !padding) { fitView(map); return; }
    var pad = padding || 24, top = pad, bottom = pad;
    if (ui.compact && !padding) {
      /* The title strip, and the time control's line (under the title, if any) on a map of many articles. */
      var strip = 0, top0 = map.getContainer().getBoundingClientRect().top;
      map.getContainer().querySelectorAll(".idlibmap-title, .idlibmap-time").forEach(function (node) {
        if (node.offsetHeight) strip = Math.max(strip, node.getBoundingClientRect().bottom - top0);
      });
      top = Math.max(pad, strip + 12);
      bottom = 48;
    }
    map.fitBounds(config.view, { paddingTopLeft: [pad, top], paddingBottomRight: [pad, bottom], animate: false });
  }

  function start(map, data) {
    config = data;
    ui.map = map;
    map.setMaxZoom(config.max_zoom);  /* as deep as the basemap's detail bears */
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · GSHHG · GeoNames · Leaflet");
    featureList(map).addTo(map);
    titlePanel().addTo(map);
    if (config.mentions && config.mentions.days.length) timeControl().addTo(map);
    if (config.mentions) mentions.scale = circleScale(map);  /* before the legend draws its reference circles */
    legendPanel().addTo(map);
    sourcesPanel().addTo(map);
    locator(map).addTo(map);
    controlsFirst(map);
    updateMode();
    window.addEventListener("resize", updateMode);
    /* Open on the story's view, clear of the panels; never zoom or pan out past the basemap's edge. */
    firstView(map);
    holdView(map);
    map.options.maxBoundsViscosity = 1.0;
    var pending = null;
    function schedule() {
      clearTimeout(pending);
      pending = setTimeout(function () { declutter(map); }, 0);
    }
    map.on("zoomend moveend overlayadd overlayremove resize", schedule);
    schedule();
    replaceOnResize(map);
    keepPopupsClear(map);
    cooperativeGestures(map);
    foldsByKeyboard(map);
    keepFirstView(map);
    preparePrinting(map);
    ui.started = true;
  }

  /* A new window size (a window or a frame resized, a phone turned) moves the panels: the names are placed
   * again before the next frame is painted, so none shows under a panel even for a moment (a timer may
   * come only after that frame, as in a headless screenshot). Runs after keepFirstView's refit. */
  function replaceOnResize(map) {
    var waiting = false;
    window.addEventListener("resize", function () {
      if (waiting) return;
      waiting = true;
      window.requestAnimationFrame(function () {
        waiting = false;
        map.invalidateSize({ animate: false });
        declutter(map);
      });
    });
  }

  /* Until the reader touches the map, a new window size (a phone turned, a frame resized) shows the story's
   * first view again, fitted to the new size. */
  function keepFirstView(map) {
    var container = map.getContainer(), touched = false;
    ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (type) {
      container.addEventListener(type, function () { touched = true; }, { capture: true, passive: true });
    });
    map.on("popupopen", function () { touched = true; });  /* a card is open: leave the map where it is */
    window.addEventListener("resize", function () {
      if (touched || window.matchMedia && window.matchMedia("print").matches) return;
      map.invalidateSize({ animate: false });
      if (config.mentions) {  /* the new first view may show more than the old one did */
        map.setMaxBounds(null);
        map.setMinZoom(0);
      }
      firstView(map);
      if (config.mentions) holdView(map);
    });
  }

  /* Never zoom or pan out past the basemap's edge. A map of many articles may open on more than that (its
   * circles reach the basemap's edges, and the first view keeps them clear of the panels around them):
   * never past what its first view shows, then, or Leaflet would recentre that view on the basemap. */
  function holdView(map) {
    var bounds = L.latLngBounds(config.extent);
    if (config.mentions) bounds.extend(map.getBounds());
    map.setMaxBounds(bounds);
    map.setMinZoom(Math.min(Math.ceil(map.getBoundsZoom(bounds, true) * 4) / 4, map.getZoom()));
  }

  /* On a wide screen the first view frames the story's view clear of the title panel (beside it or below it)
   * and of an open legend (beside it or above it), and on a map of many articles of the overview inset
   * too, whichever way keeps the largest zoom; if every way costs more than half a zoom (a whole zoom on a
   * map of many articles), the panels may cover the view's corners. */
  function fitView(map) {
    var pad = 24, c = map.getContainer().getBoundingClientRect();
    function box(selector) {
      var node = map.getContainer().querySelector(selector);
      var r = node && node.offsetWidth ? node.getBoundingClientRect() : null;
      return r ? { left: r.left - c.left - 12, top: r.top - c.top - 12, right: r.right - c.left + 12,
        bottom: r.bottom - c.top + 12 } : null;
    }
    var title = box(".idlibmap-title"), legend = box(".idlibmap-legend details[open]"), time = box(".idlibmap-time");
    /* The view's edges are places (an article's, a story's focus, a map of many articles' circles): kept
     * clear of the overview inset too. */
    var inset = box(".idlibmap-locator");
    if (title && time) {  /* the time control sits under the title: the two are one block to keep clear of */
      title = { left: Math.min(title.left, time.left), top: Math.min(title.top, time.top),
        right: Math.max(title.right, time.right), bottom: Math.max(title.bottom, time.bottom) };
    }
    var lefts = [pad].concat(title ? [title.right] : [], inset ? [inset.right] : []);
    var tops = [pad].concat(title ? [title.bottom] : []);
    var rights = [pad].concat(legend ? [c.width - legend.left] : []);
    var bottoms = [pad].concat(legend ? [c.height - legend.top] : [], inset ? [c.height - inset.top] : []);
    function clears(o) {
      var tl = o.paddingTopLeft, br = o.paddingBottomRight;
      return (!title || tl[0] >= title.right || tl[1] >= title.bottom) &&
        (!legend || br[0] >= c.width - legend.left || br[1] >= c.height - legend.top) &&
        (!inset || tl[0] >= inset.right || br[1] >= c.height - inset.top);
    }
    function zoomOf(o) {
      return map.getBoundsZoom(config.view, false, L.point(o.paddingTopLeft).add(o.paddingBottomRight));
    }
    var plain = { paddingTopLeft: [pad, pad], paddingBottomRight: [pad, pad], animate: false }, best = null;
    lefts.forEach(function (l) { tops.forEach(function (t) { rights.forEach(function (r) { bottoms.forEach(function (b) {
      var o = { paddingTopLeft: [l, t], paddingBottomRight: [r, b], animate: false };
      if (c.width - l - r < 160 || c.height - t - b < 160) return;  /* too little room left to frame anything */
      if (clears(o) && (!best || zoomOf(o) > zoomOf(best))) best = o;
    }); }); }); });
    /* A map of many articles gives up to a whole zoom: its circles, not the basemap, are what the view's
     * corners hold. */
    var slack = config.mentions ? 1 : 0.5;
    map.fitBounds(config.view, best && zoomOf(best) >= zoomOf(plain) - slack ? best : plain);
  }

  window.idlibmap = { start: start, addStoryLayer: addStoryLayer, addBasemap: addBasemap };
})();
