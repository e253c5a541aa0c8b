// The demo's status page. Users resolve names through dns-geo (dashed lines) and send requests to
// their data center's edge (solid lines). The script fetches /status.json once a second and redraws
// the topology diagram, the figures tables and the timeline from it. Everything is built with DOM
// calls (no innerHTML of fetched text), and nothing is fetched from anywhere but this server.
"use strict";

(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 1100;
  var BOX_W = 190;
  var BOX_H = 62;
  var ROWS = { users: 20, dns: 120, edge: 220, lb: 320, web: 420, shared: 540 };
  var HEIGHT = 630;

  function dash(v) {
    return v === null || v === undefined;
  }

  function rate(v) {
    return dash(v) ? "-" : (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  }

  function percent(v) {
    return dash(v) ? "-" : (v * 100).toFixed(1) + "%";
  }

  function count(v) {
    return dash(v) ? "-" : String(v);
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) {
        e.setAttribute(k, attrs[k]);
      }
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function byName(status) {
    var map = {};
    status.processes.forEach(function (p) {
      map[p.name] = p;
    });
    return map;
  }

  // One box: the process name, UP or DOWN in words (not colour alone), and its figure lines.
  function box(svg, id, cls, x, y, title, state, lines, positions) {
    var g = el("g", { id: "node-" + id, "class": "node " + cls, "data-name": id });
    var label = title + (state ? ", " + state : "") + (lines.length ? ": " + lines.join(", ") : "");
    g.appendChild(el("title", {}, label));
    g.appendChild(el("rect", { x: x, y: y, width: BOX_W, height: BOX_H, rx: 6 }));
    g.appendChild(el("text", { x: x + 8, y: y + 17, "class": "name" }, title));
    if (state) {
      g.appendChild(el("text", { x: x + BOX_W - 8, y: y + 17, "class": "state", "text-anchor": "end" }, state));
    }
    lines.forEach(function (line, i) {
      g.appendChild(el("text", { x: x + 8, y: y + 35 + i * 15, "class": "figure", id: "fig-" + id + "-" + i }, line));
    });
    svg.appendChild(g);
    positions[id] = { x: x + BOX_W / 2, top: y, bottom: y + BOX_H };
  }

  function processBox(svg, p, x, y, lines, positions) {
    if (!p) {
      return;
    }
    box(svg, p.name, p.up ? "up" : "down", x, y, p.name, p.up ? "UP" : "DOWN", p.up ? lines : ["not answering"], positions);
  }

  function link(svg, from, to, cls) {
    if (!from || !to) {
      return;
    }
    svg.insertBefore(
      el("line", { x1: from.x, y1: from.bottom, x2: to.x, y2: to.top, "class": "link " + (cls || "") }),
      svg.firstChild);
  }

  function drawTopology(status) {
    var procs = byName(status);
    var dcs = status.dataCenters;
    var svg = el("svg", {
      id: "topology-diagram",
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      role: "img",
      "aria-label": "Topology: users resolve through dns-geo, reach their data center's edge, lb and web servers; the web servers share cache and mq, which feeds the worker"
    });
    var positions = {};
    var column = WIDTH / dcs.length;
    var dnsProc = null;
    var cache = null;
    var mq = null;
    var worker = null;
    status.processes.forEach(function (p) {
      if (p.kind === "dns-geo") { dnsProc = p; }
      if (p.kind === "cache-server") { cache = p; }
      if (p.kind === "mq-broker") { mq = p; }
      if (p.kind === "demo-worker") { worker = p; }
    });
    dcs.forEach(function (dc, i) {
      var center = column * i + column / 2;
      var left = center - BOX_W / 2;
      svg.appendChild(el("text", { x: column * i + 10, y: ROWS.edge - 10, "class": "dc-label" }, dc.name));
      var served = status.users.servedByPerSecond ? status.users.servedByPerSecond[dc.name] : null;
      box(svg, "users-" + dc.name, "users", left, ROWS.users, "users " + dc.name, "",
        ["served " + rate(served) + "/s"], positions);
      status.processes.forEach(function (p) {
        if (p.dc !== dc.name) { return; }
        if (p.kind === "cdn-edge") {
          processBox(svg, p, left, ROWS.edge,
            [rate(dc.edgeRequestsPerSecond) + " req/s", "hit ratio " + percent(dc.cdnHitRatio)], positions);
        } else if (p.kind === "lb") {
          processBox(svg, p, left, ROWS.lb,
            [rate(dc.lbRequestsPerSecond) + " req/s, 5xx " + rate(dc.lb5xxPerSecond) + "/s",
             "backends up " + count(dc.lbBackendsUp) + "/" + count(dc.lbBackends)], positions);
        }
      });
      var webs = status.processes.filter(function (p) {
        return p.dc === dc.name && p.kind === "demo-web";
      });
      webs.forEach(function (p, j) {
        var span = column / webs.length;
        var x = column * i + span * j + span / 2 - BOX_W / 2;
        processBox(svg, p, x, ROWS.web, [rate(p.ratePerSecond) + " req/s"], positions);
      });
    });
    if (dnsProc) {
      var answers = dcs.map(function (dc) {
        return dc.name + " " + rate(dc.dnsAnswersPerSecond) + "/s";
      });
      processBox(svg, dnsProc, WIDTH / 2 - BOX_W / 2, ROWS.dns, ["answers " + answers.join(", ")], positions);
      if (positions[dnsProc.name]) {
        positions[dnsProc.name].x = WIDTH / 2;
      }
    }
    var sharedGap = WIDTH / 4;
    var sh = status.shared;
    processBox(svg, cache, sharedGap - BOX_W / 2, ROWS.shared,
      ["hit ratio " + percent(sh.cacheHitRatio), "items " + count(sh.cacheItems)], positions);
    processBox(svg, mq, 2 * sharedGap - BOX_W / 2, ROWS.shared,
      ["ready " + count(sh.queueReady) + ", consumers " + count(sh.mqConsumers),
       "published " + rate(sh.mqPublishedPerSecond) + "/s"], positions);
    processBox(svg, worker, 3 * sharedGap - BOX_W / 2, ROWS.shared,
      [rate(sh.workerJobsPerSecond) + " jobs/s"], positions);

    dcs.forEach(function (dc) {
      var users = positions["users-" + dc.name];
      if (dnsProc) {
        link(svg, users, positions[dnsProc.name], "resolve");
      }
      status.processes.forEach(function (p) {
        if (p.dc !== dc.name) { return; }
        if (p.kind === "cdn-edge" && dnsProc) {
          link(svg, positions[dnsProc.name], positions[p.name], "resolve");
        }
      });
      var edge = null;
      var lb = null;
      status.processes.forEach(function (p) {
        if (p.dc === dc.name && p.kind === "cdn-edge") { edge = p; }
        if (p.dc === dc.name && p.kind === "lb") { lb = p; }
      });
      if (edge) {
        link(svg, users, positions[edge.name]);
      }
      if (edge && lb) {
        link(svg, positions[edge.name], positions[lb.name]);
      }
      status.processes.forEach(function (p) {
        if (p.dc === dc.name && p.kind === "demo-web") {
          if (lb) { link(svg, positions[lb.name], positions[p.name]); }
          if (cache) { link(svg, positions[p.name], positions[cache.name]); }
          if (mq) { link(svg, positions[p.name], positions[mq.name]); }
        }
      });
    });
    if (mq && worker && positions[mq.name] && positions[worker.name]) {
      var from = positions[mq.name];
      var to = positions[worker.name];
      svg.insertBefore(el("line", {
        x1: from.x + BOX_W / 2, y1: from.top + BOX_H / 2, x2: to.x - BOX_W / 2, y2: to.top + BOX_H / 2, "class": "link"
      }), svg.firstChild);
    }
    var holder = document.getElementById("topology");
    holder.replaceChildren(svg);
  }

  function cell(row, text, cls, id) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    if (id) { td.id = id; }
    row.appendChild(td);
  }

  function drawDataCenters(status) {
    var body = document.querySelector("#datacenters tbody");
    var rows = status.dataCenters.map(function (dc) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = dc.name;
      tr.appendChild(th);
      var served = status.users.servedByPerSecond ? status.users.servedByPerSecond[dc.name] : null;
      cell(tr, rate(dc.edgeRequestsPerSecond), "num", "edge-rps-" + dc.name);
      cell(tr, percent(dc.cdnHitRatio), "num");
      cell(tr, rate(dc.lbRequestsPerSecond), "num");
      cell(tr, rate(dc.lb5xxPerSecond), "num");
      cell(tr, count(dc.lbBackendsUp) + " / " + count(dc.lbBackends), "num");
      cell(tr, rate(dc.dnsAnswersPerSecond), "num");
      cell(tr, rate(served), "num");
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }

  function drawShared(status) {
    var sh = status.shared;
    var u = status.users;
    var figures = [
      ["Cache hit ratio, last second", percent(sh.cacheHitRatio)],
      ["Cache hit ratio, since cache-server started", percent(sh.cacheHitRatioSinceStart)],
      ["Cache items", count(sh.cacheItems)],
      ["Queue depth (ready messages)", count(sh.queueReady)],
      ["mq published/s", rate(sh.mqPublishedPerSecond)],
      ["mq consumers", count(sh.mqConsumers)],
      ["Worker jobs done/s", rate(sh.workerJobsPerSecond)],
      ["User requests/s", rate(u.requestsPerSecond)],
      ["User failures/s", rate(u.failuresPerSecond)],
      ["User failures, total", count(u.failures)],
      ["Jobs submitted / done", count(u.jobsSubmitted) + " / " + count(u.jobsDone)]
    ];
    var body = document.querySelector("#shared tbody");
    body.replaceChildren.apply(body, figures.map(function (f) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = f[0];
      tr.appendChild(th);
      cell(tr, f[1], "num");
      return tr;
    }));
  }

  function drawProcesses(status) {
    var body = document.querySelector("#processes tbody");
    body.replaceChildren.apply(body, status.processes.map(function (p) {
      var tr = document.createElement("tr");
      tr.className = p.up ? "up" : "down";
      tr.id = "process-" + p.name;
      cell(tr, p.name);
      cell(tr, p.kind);
      cell(tr, p.dc);
      cell(tr, p.up ? "UP" : "DOWN", "state", "state-" + p.name);
      cell(tr, dash(p.pid) ? "-" : String(p.pid), "num", "pid-" + p.name);
      cell(tr, rate(p.ratePerSecond), "num");
      return tr;
    }));
  }

  function drawTimeline(status) {
    var list = document.getElementById("timeline");
    list.replaceChildren.apply(list, status.timeline.map(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
    document.getElementById("timeline-empty").hidden = status.timeline.length > 0;
  }

  // How many feeds the page has drawn, on the feed line's data-updates: proof that it redraws.
  var updates = 0;

  function feed(text, stale) {
    var p = document.getElementById("feed");
    p.textContent = text;
    p.className = stale ? "feed stale" : "feed";
    p.setAttribute("data-updates", String(updates));
  }

  function update() {
    fetch("/status.json", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (status) {
        drawTopology(status);
        drawDataCenters(status);
        drawShared(status);
        drawProcesses(status);
        drawTimeline(status);
        updates += 1;
        var up = status.processes.filter(function (p) { return p.up; }).length;
        feed("updated " + new Date(status.atMillis).toLocaleTimeString() + ": " + up + " of " +
          status.processes.length + " processes up", false);
      })
      .catch(function (e) {
        feed("the demo does not answer (" + e.message + "); retrying every second", true);
      });
  }

  update();
  setInterval(update, 1000);
})();
