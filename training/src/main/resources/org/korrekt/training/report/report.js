/*
 * korrekt evaluation report: builds the page from the evaluation.json embedded in #evaluation.
 *
 * Every text from the JSON goes into the page through textContent, never innerHTML, so no string
 * in an evaluation can become markup. Optional parts (a scorer's reliability bins, recallBy,
 * importance, historicalSelection, null interval bounds) are skipped with a note saying why.
 * A chart that fails is replaced by its error message and the error is recorded in
 * window.__reportErrors; window.__reportReady turns true when the page is complete.
 */
(function () {
  "use strict";

  var NA = "\u2014"; // em dash: no value
  var SCORER_COLORS = {
    combined: "#0b3d91",
    logistic: "#e66100",
    trees: "#1a7f37",
    forest: "#8250df",
    rules: "#9a6700"
  };
  var OTHER_COLORS = ["#cf222e", "#0969da", "#bc4c00", "#57606a", "#116329"];
  var GUIDE_COLOR = "#8c959f";
  var BOUND_COLOR = "#cf222e";
  var KNOWN_VERDICTS = ["PASS", "FAIL", "NOT_EVALUATED", "TOO_FEW", "NOT_JUDGED", "REFERENCE"];

  // ---------------------------------------------------------------- DOM and formatting helpers

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (key) {
        var value = attributes[key];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (key === "class") {
          node.className = value;
        } else if (key === "text") {
          node.textContent = String(value);
        } else {
          node.setAttribute(key, String(value));
        }
      });
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children === null || children === undefined) {
      return node;
    }
    (Array.isArray(children) ? children : [children]).forEach(function (child) {
      if (child === null || child === undefined || child === false) {
        return;
      }
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function isNumber(x) {
    return typeof x === "number" && isFinite(x);
  }

  function isObject(x) {
    return x !== null && typeof x === "object" && !Array.isArray(x);
  }

  function list(x) {
    return Array.isArray(x) ? x : [];
  }

  function text(x) {
    return x === null || x === undefined || x === "" ? NA : String(x);
  }

  function groupThousands(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function formatInteger(x) {
    if (!isNumber(x)) {
      return NA;
    }
    var rounded = Math.round(x);
    return (rounded < 0 ? "-" : "") + groupThousands(String(Math.abs(rounded)));
  }

  function formatSek(x) {
    return isNumber(x) ? formatInteger(x) + " SEK" : NA;
  }

  /** Three decimals; a rate below 0.01 (but not 0) keeps two significant digits instead. */
  function formatRate(x) {
    if (!isNumber(x)) {
      return NA;
    }
    return x !== 0 && Math.abs(x) < 0.01 ? x.toPrecision(2) : x.toFixed(3);
  }

  function formatSigned(x, digits) {
    if (!isNumber(x)) {
      return NA;
    }
    return (x > 0 ? "+" : "") + x.toFixed(digits);
  }

  /** A share as a percentage: "6.2 %", "0.35 %", "12 %"; trimmed drops trailing zeros (axis ticks). */
  function formatPercent(share, trimmed) {
    if (!isNumber(share)) {
      return NA;
    }
    var percent = share * 100;
    var digits = percent >= 10 || Number.isInteger(percent) ? 0 : percent >= 1 ? 1 : 2;
    var fixed = percent.toFixed(digits);
    return (trimmed && fixed.indexOf(".") >= 0 ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed) + " %";
  }

  function formatInterval(interval) {
    if (!isObject(interval) || !isNumber(interval.value)) {
      return NA;
    }
    var out = formatRate(interval.value);
    if (isNumber(interval.low) || isNumber(interval.high)) {
      out += " (" + (isNumber(interval.low) ? formatRate(interval.low) : "\u2026") + "\u2013"
        + (isNumber(interval.high) ? formatRate(interval.high) : "\u2026") + ")";
    }
    return out;
  }

  function verdictBadge(verdict) {
    var name = KNOWN_VERDICTS.indexOf(verdict) >= 0 ? verdict : "NOT_EVALUATED";
    return el("span", {
      "class": "verdict verdict-" + name.toLowerCase().replace(/_/g, "-"),
      text: typeof verdict === "string" && verdict !== "" ? verdict : "NOT_EVALUATED"
    });
  }

  function slug(name, taken) {
    var base = String(name).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "x";
    var id = base;
    for (var n = 2; taken[id]; n++) {
      id = base + "-" + n;
    }
    taken[id] = true;
    return id;
  }

  function scorerColor(name, index) {
    return SCORER_COLORS[name] || OTHER_COLORS[index % OTHER_COLORS.length];
  }

  function withAlpha(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + ((n >> 16) & 255) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  /** Pairs two arrays into {x, y} points, dropping pairs with a missing number. */
  function points(xs, ys) {
    var out = [];
    var n = Math.min(list(xs).length, list(ys).length);
    for (var i = 0; i < n; i++) {
      if (isNumber(xs[i]) && isNumber(ys[i])) {
        out.push({ x: xs[i], y: ys[i] });
      }
    }
    return out;
  }

  function section(id, title, children) {
    return el("section", { id: id, "aria-labelledby": id + "-title" },
      [el("h2", { id: id + "-title", text: title })].concat(children));
  }

  function table(caption, headers, rows, options) {
    var numeric = (options && options.numeric) || [];
    var head = el("tr", null, headers.map(function (header, i) {
      return el("th", { scope: "col", "class": numeric[i] ? "num" : null, text: header });
    }));
    var body = rows.map(function (row) {
      var cells = row.cells.map(function (cell, i) {
        var attributes = { "class": (numeric[i] ? "num" : "") + (cell && cell.fail ? " fail-cell" : "") || null };
        var content = cell && cell.node ? cell.node : cell && cell.text !== undefined ? cell.text : cell;
        if (i === 0) {
          attributes.scope = "row";
          return el("th", attributes, content);
        }
        return el("td", attributes, content);
      });
      return el("tr", { "class": row.className || null }, cells);
    });
    return el("div", { "class": "table-wrap" },
      el("table", null, [caption ? el("caption", { text: caption }) : null, el("thead", null, head),
        el("tbody", null, body)]));
  }

  // ---------------------------------------------------------------- charts

  var pending = [];

  /**
   * Draws dashed guide lines across the plot: {axis: "x"|"y", value, label, color}. Used for the
   * capacity marker, the gate's bounds and parity.
   */
  var guidesPlugin = {
    id: "korrektGuides",
    defaults: { lines: [] },
    afterDatasetsDraw: function (chart, args, options) {
      var area = chart.chartArea;
      var ctx = chart.ctx;
      list(options.lines).forEach(function (line) {
        var vertical = line.axis === "x";
        var scale = vertical ? chart.scales.x : chart.scales.y;
        if (!scale || !isNumber(line.value)) {
          return;
        }
        var at = scale.getPixelForValue(line.value);
        if (vertical ? at < area.left || at > area.right : at < area.top || at > area.bottom) {
          return;
        }
        ctx.save();
        ctx.strokeStyle = line.color || BOUND_COLOR;
        ctx.lineWidth = line.width || 1.5;
        ctx.setLineDash(line.dash || [6, 4]);
        ctx.beginPath();
        if (vertical) {
          ctx.moveTo(at, area.top);
          ctx.lineTo(at, area.bottom);
        } else {
          ctx.moveTo(area.left, at);
          ctx.lineTo(area.right, at);
        }
        ctx.stroke();
        if (line.label) {
          ctx.setLineDash([]);
          ctx.font = "12px system-ui, sans-serif";
          var width = ctx.measureText(line.label).width;
          var x = vertical ? at + 5 : line.align === "left" ? area.left + 6 : area.right - 6 - width;
          var y = vertical ? area.top + 14 : at - 5;
          ctx.fillStyle = "rgba(255,255,255,0.85)";
          ctx.fillRect(x - 2, y - 11, width + 4, 14);
          ctx.fillStyle = line.color || BOUND_COLOR;
          ctx.textAlign = "left";
          ctx.fillText(line.label, x, y);
        }
        ctx.restore();
      });
    }
  };

  /**
   * Draws each bar's 95 % confidence interval (dataset.intervals[i] = {low, high}) as a whisker;
   * an interval that leaves the axis ends in an arrow at the edge.
   */
  var intervalsPlugin = {
    id: "korrektIntervals",
    afterDatasetsDraw: function (chart) {
      var area = chart.chartArea;
      var ctx = chart.ctx;
      var y = chart.scales.y;
      chart.data.datasets.forEach(function (dataset, index) {
        if (!Array.isArray(dataset.intervals) || !chart.isDatasetVisible(index)) {
          return;
        }
        chart.getDatasetMeta(index).data.forEach(function (bar, i) {
          var interval = dataset.intervals[i];
          if (!interval || !isNumber(interval.low) || !isNumber(interval.high)) {
            return;
          }
          var half = Math.max(3, Math.min(8, (bar.width || 12) / 4));
          var top = y.getPixelForValue(interval.high);
          var bottom = Math.min(y.getPixelForValue(interval.low), area.bottom);
          var clipped = top < area.top;
          top = Math.max(top, area.top);
          ctx.save();
          ctx.strokeStyle = "#24292f";
          ctx.fillStyle = "#24292f";
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(bar.x, top);
          ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - half, bottom);
          ctx.lineTo(bar.x + half, bottom);
          if (!clipped) {
            ctx.moveTo(bar.x - half, top);
            ctx.lineTo(bar.x + half, top);
          }
          ctx.stroke();
          if (clipped) {
            ctx.beginPath();
            ctx.moveTo(bar.x, top - 2);
            ctx.lineTo(bar.x - 5, top + 7);
            ctx.lineTo(bar.x + 5, top + 7);
            ctx.closePath();
            ctx.fill();
          }
          ctx.restore();
        });
      });
    }
  };

  function chartFigure(id, title, config, options) {
    var opts = options || {};
    var canvas = el("canvas", { id: id, role: "img", "aria-label": title }, "Chart: " + title);
    var box = el("div", { "class": "canvas-box", style: opts.height ? "height:" + opts.height + "px" : null }, canvas);
    var figure = el("figure", { "class": "chart" + (opts.wide ? " wide" : ""), "data-chart": id }, [
      el("figcaption", { text: title }),
      box,
      opts.note ? el("p", { "class": "note", text: opts.note }) : null
    ]);
    pending.push({ id: id, canvas: canvas, box: box, config: config });
    return figure;
  }

  function skippedFigure(id, title, reason, wide) {
    return el("figure", { "class": "chart" + (wide ? " wide" : ""), "data-chart": id, "data-skipped": "true" }, [
      el("figcaption", { text: title }),
      el("p", { "class": "skipped", text: "Not shown: " + reason + "." })
    ]);
  }

  function drawCharts() {
    pending.forEach(function (item) {
      try {
        new Chart(item.canvas, item.config);
      } catch (error) {
        window.__reportErrors.push("chart " + item.id + ": " + (error && error.message ? error.message : error));
        item.box.replaceChildren(el("p", { "class": "skipped", text: "This chart failed to draw: " + error }));
      }
    });
  }

  function axis(title, extra) {
    var out = { type: "linear", title: { display: true, text: title } };
    Object.keys(extra || {}).forEach(function (key) {
      out[key] = extra[key];
    });
    return out;
  }

  function lineConfig(datasets, xAxis, yAxis, guides, extraPlugins) {
    var plugins = {
      legend: { position: "bottom", labels: { usePointStyle: true, pointStyle: "line", pointStyleWidth: 28 } },
      korrektGuides: { lines: guides || [] }
    };
    Object.keys(extraPlugins || {}).forEach(function (key) {
      plugins[key] = extraPlugins[key];
    });
    return {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: false },
        elements: { point: { radius: 0 }, line: { tension: 0 } },
        scales: { x: xAxis, y: yAxis },
        plugins: plugins
      }
    };
  }

  function curve(scorer, index, data, label) {
    var combined = scorer.scorer === "combined";
    var color = scorerColor(scorer.scorer, index);
    return {
      label: label,
      data: data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: combined ? 3 : 1.6,
      pointRadius: 0,
      fill: false
    };
  }

  function reference(label, data) {
    return {
      label: label,
      data: data,
      borderColor: GUIDE_COLOR,
      backgroundColor: GUIDE_COLOR,
      borderDash: [6, 4],
      borderWidth: 1.2,
      pointRadius: 0,
      fill: false
    };
  }

  var percentTicks = {
    callback: function (value) {
      return formatPercent(value, true);
    }
  };

  /** Log-scale ticks labelled only at powers of ten (0.1 %, 1 %, 10 %, 100 %). */
  var logPercentTicks = {
    autoSkip: false,
    maxRotation: 0,
    callback: function (value) {
      var exponent = Math.log10(value);
      return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? formatPercent(value, true) : "";
    }
  };

  function rocChart(scorers) {
    var datasets = [];
    scorers.forEach(function (s, i) {
      var data = points(s.roc && s.roc.fpr, s.roc && s.roc.tpr);
      if (data.length) {
        datasets.push(curve(s, i, data, s.scorer + " (AUC " + formatRate(s.rocAuc) + ")"));
      }
    });
    var title = "ROC curves";
    if (!datasets.length) {
      return skippedFigure("chart-roc", title, "no scorer has a ROC curve");
    }
    datasets.push(reference("random", [{ x: 0, y: 0 }, { x: 1, y: 1 }]));
    return chartFigure("chart-roc", title, lineConfig(datasets,
      axis("false positive rate", { min: 0, max: 1 }),
      axis("true positive rate (recall)", { min: 0, max: 1 })));
  }

  function prChart(scorers) {
    var datasets = [];
    var baseline = null;
    scorers.forEach(function (s, i) {
      var data = points(s.pr && s.pr.recall, s.pr && s.pr.precision);
      if (data.length) {
        datasets.push(curve(s, i, data, s.scorer + " (PR AUC " + formatRate(s.prAuc) + ")"));
      }
      if (baseline === null && isNumber(s.positives) && isNumber(s.rows) && s.rows > 0) {
        baseline = s.positives / s.rows;
      }
    });
    var title = "Precision\u2013recall curves";
    if (!datasets.length) {
      return skippedFigure("chart-pr", title, "no scorer has a precision\u2013recall curve");
    }
    if (baseline !== null) {
      datasets.push(reference("random (positive rate " + formatRate(baseline) + ")",
        [{ x: 0, y: baseline }, { x: 1, y: baseline }]));
    }
    return chartFigure("chart-pr", title, lineConfig(datasets,
      axis("recall", { min: 0, max: 1 }),
      axis("precision", { min: 0, max: 1 })));
  }

  function capacityGuide(evaluation) {
    return isNumber(evaluation.capacity) && evaluation.capacity > 0
      ? [{ axis: "x", value: evaluation.capacity, label: "capacity " + formatPercent(evaluation.capacity, true) }]
      : [];
  }

  function gainChart(evaluation, scorers) {
    var datasets = [];
    var shares = [];
    scorers.forEach(function (s, i) {
      var data = points(s.gain && s.gain.share, s.gain && s.gain.incorrectSekShare).filter(function (p) {
        return p.x > 0;
      });
      if (data.length) {
        datasets.push(curve(s, i, data, s.scorer));
        if (!shares.length) {
          shares = data.map(function (p) {
            return p.x;
          });
        }
      }
    });
    var title = "Gain: share of incorrect SEK found vs share of rows checked";
    if (!datasets.length) {
      return skippedFigure("chart-gain", title, "no scorer has a gain curve");
    }
    datasets.push(reference("random", shares.map(function (x) {
      return { x: x, y: x };
    })));
    return chartFigure("chart-gain", title, lineConfig(datasets,
      axis("share of test rows checked, by score \u00d7 amount (log scale)",
        { type: "logarithmic", min: Math.min.apply(null, shares), max: 1, ticks: logPercentTicks }),
      axis("share of incorrect SEK found", { min: 0, max: 1, ticks: percentTicks }),
      capacityGuide(evaluation)));
  }

  function liftChart(evaluation, scorers) {
    var datasets = [];
    var shares = [];
    scorers.forEach(function (s, i) {
      var data = points(s.gain && s.gain.share, s.gain && s.gain.lift).filter(function (p) {
        return p.x > 0;
      });
      if (data.length) {
        datasets.push(curve(s, i, data, s.scorer));
        shares = shares.concat(data.map(function (p) {
          return p.x;
        }));
      }
    });
    var title = "Lift: incorrect SEK found relative to random checking";
    if (!datasets.length) {
      return skippedFigure("chart-lift", title, "no scorer has a lift curve");
    }
    return chartFigure("chart-lift", title, lineConfig(datasets,
      axis("share of test rows checked (log scale)",
        { type: "logarithmic", min: Math.min.apply(null, shares), max: 1, ticks: logPercentTicks }),
      axis("lift (share of SEK found / share of rows)", { min: 0 }),
      capacityGuide(evaluation).concat([{ axis: "y", value: 1, label: "random", color: GUIDE_COLOR, align: "left" }])));
  }

  function calibrationChart(scorers) {
    var datasets = [];
    scorers.forEach(function (s, i) {
      var data = s.reliability ? points(s.reliability.meanPredicted, s.reliability.observed) : [];
      if (data.length) {
        var dataset = curve(s, i, data, s.scorer + " (ECE " + formatRate(s.ece) + ")");
        dataset.pointRadius = 3.5;
        datasets.push(dataset);
      }
    });
    var title = "Calibration (reliability diagram)";
    if (!datasets.length) {
      return skippedFigure("chart-calibration", title, "no scorer's output is a probability, so there are no reliability bins");
    }
    datasets.push(reference("perfectly calibrated", [{ x: 0, y: 0 }, { x: 1, y: 1 }]));
    return chartFigure("chart-calibration", title, lineConfig(datasets,
      axis("mean predicted probability (10 equal-width bins)", { min: 0, max: 1 }),
      axis("observed share incorrect", { min: 0, max: 1 })),
      { note: "Scorers whose output is not a probability (isolation forest, rules) have no bins." });
  }

  function barConfig(labels, datasets, options) {
    var opts = options || {};
    return {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      plugins: opts.intervals ? [intervalsPlugin] : [],
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: opts.horizontal ? "y" : "x",
        scales: opts.scales,
        plugins: {
          legend: {
            display: datasets.length > 1,
            position: "bottom",
            labels: {
              // The bars' colours and borders vary per group; the legend shows each dataset's own colour.
              generateLabels: function (chart) {
                return chart.data.datasets.map(function (dataset, i) {
                  var color = dataset.legendColor || dataset.backgroundColor;
                  return { text: dataset.label, fillStyle: color, strokeStyle: color, lineWidth: 0,
                    hidden: !chart.isDatasetVisible(i), datasetIndex: i };
                });
              }
            }
          },
          korrektGuides: { lines: opts.guides || [] },
          tooltip: opts.tooltip || {}
        }
      }
    };
  }

  function recallChart(id, title, rows) {
    if (!rows.length) {
      return skippedFigure(id, title, "the evaluation has no such breakdown");
    }
    var labels = rows.map(function (r) {
      return text(r.value);
    });
    var sekShare = rows.map(function (r) {
      return isNumber(r.incorrectSekFound) && isNumber(r.incorrectSek) && r.incorrectSek > 0
        ? r.incorrectSekFound / r.incorrectSek : null;
    });
    return chartFigure(id, title, barConfig(labels, [
      { label: "recall (incorrect rows found)", data: rows.map(function (r) { return isNumber(r.recall) ? r.recall : null; }),
        backgroundColor: SCORER_COLORS.combined },
      { label: "share of incorrect SEK found", data: sekShare, backgroundColor: SCORER_COLORS.logistic }
    ], {
      scales: { y: axis("share at capacity", { min: 0 }) },
      tooltip: {
        callbacks: {
          afterBody: function (items) {
            var r = rows[items[0].dataIndex];
            return formatInteger(r.found) + " of " + formatInteger(r.positives) + " incorrect rows; "
              + formatSek(r.incorrectSekFound) + " of " + formatSek(r.incorrectSek);
          }
        }
      }
    }));
  }

  function importanceChart(importance) {
    var title = "Global feature importance (top 20)";
    var rows = list(importance).filter(function (r) {
      return r && isNumber(r.meanAbsContribution);
    }).slice(0, 20);
    if (!rows.length) {
      return skippedFigure("chart-importance", title, "the evaluation has no feature importance", true);
    }
    return chartFigure("chart-importance", title, barConfig(
      rows.map(function (r) { return text(r.feature); }),
      [{ label: "mean |contribution| (log-odds)", data: rows.map(function (r) { return r.meanAbsContribution; }),
        backgroundColor: SCORER_COLORS.combined }],
      { horizontal: true, scales: { x: axis("mean absolute contribution to the log-odds, over test rows", { min: 0 }) } }),
      { wide: true, height: 60 + 24 * rows.length });
  }

  // ---------------------------------------------------------------- sections

  function header(evaluation) {
    var gate = evaluation.fairness && evaluation.fairness.gate;
    var verdict = gate && gate.verdict ? gate.verdict
      : evaluation.modelCard && evaluation.modelCard.gateVerdict ? evaluation.modelCard.gateVerdict : "NOT_EVALUATED";
    var override = gate && isObject(gate.override) ? gate.override : null;
    var facts = [
      ["Profile", text(evaluation.profile)],
      ["Version", text(evaluation.version)],
      ["Created", text(evaluation.createdAt)],
      ["Evaluated on", text(evaluation.evaluatedOn)],
      ["Ground truth", text(evaluation.labelNote)],
      ["Capacity", isNumber(evaluation.capacity)
        ? formatPercent(evaluation.capacity) + " of test rows (" + formatInteger(evaluation.capacityRows) + " rows)" : NA],
      ["Random control sample", isNumber(evaluation.randomControlRows) ? formatInteger(evaluation.randomControlRows) + " rows" : NA]
    ];
    var verdictName = KNOWN_VERDICTS.indexOf(verdict) >= 0 ? verdict : "NOT_EVALUATED";
    var box = el("div", { "class": "verdict-box verdict-border-" + verdictName.toLowerCase().replace(/_/g, "-"),
      id: "gate-verdict" }, [
      el("span", { "class": "label", text: "Fairness gate" }),
      verdictBadge(verdict),
      override ? el("div", { text: "overridden" }) : null
    ]);
    var children = [
      el("div", { "class": "report-header" }, [
        el("div", null, [
          el("h1", { text: "Evaluation of selection profile " + text(evaluation.profile) }),
          evaluation.description ? el("p", { "class": "subtitle", text: evaluation.description }) : null,
          el("dl", { "class": "facts" }, facts.map(function (fact) {
            return [el("dt", { text: fact[0] }), el("dd", { text: fact[1] })];
          }).reduce(function (a, b) { return a.concat(b); }, []))
        ]),
        box
      ]),
      override ? overrideNote(override) : null,
      gate ? failureList(gate) : null
    ];
    return el("header", null, children);
  }

  function overrideNote(override) {
    return el("p", { "class": "override" }, [
      el("strong", { text: "Gate overridden: " }),
      text(override.reason),
      " \u2014 by " + text(override.by) + ", " + text(override.at)
    ]);
  }

  function failureList(gate) {
    var failures = list(gate.failures);
    return failures.length
      ? el("ul", { "class": "failures" }, failures.map(function (f) { return el("li", { text: f }); }))
      : null;
  }

  function contents(entries) {
    return el("nav", { "class": "contents", "aria-label": "Contents" },
      el("ol", null, entries.map(function (entry) {
        return el("li", null, el("a", { href: "#" + entry[0], text: entry[1] }));
      })));
  }

  function metricsTable(evaluation, scorers) {
    var headers = ["Scorer", "Rows", "Positives", "ROC AUC", "PR AUC", "Brier", "ECE", "Precision at capacity",
      "Recall at capacity", "Found / checked", "Incorrect SEK found", "Share of incorrect SEK",
      "SEK per investigation", "Lift over random"];
    var rows = scorers.map(function (s) {
      var c = isObject(s.atCapacity) ? s.atCapacity : {};
      var share = isNumber(c.incorrectSekFound) && isNumber(c.incorrectSekTotal) && c.incorrectSekTotal > 0
        ? c.incorrectSekFound / c.incorrectSekTotal : null;
      return {
        cells: [text(s.scorer), formatInteger(s.rows), formatInteger(s.positives), formatRate(s.rocAuc),
          formatRate(s.prAuc), formatRate(s.brier), formatRate(s.ece), formatRate(c.precision), formatRate(c.recall),
          formatInteger(c.found) + " / " + formatInteger(c.checked), formatSek(c.incorrectSekFound),
          formatPercent(share), formatSek(c.sekPerInvestigation), formatRate(c.liftOverRandom)]
      };
    });
    return table("Test period, ranked by score \u00d7 amount; capacity " + formatPercent(evaluation.capacity)
      + " of rows. Brier and ECE only for scorers whose output is a probability.",
      headers, rows, { numeric: headers.map(function (h, i) { return i > 0; }) });
  }

  /** The combined profile's lead over each other scorer at capacity, with the bootstrap interval. */
  function leadTable(evaluation) {
    var lead = isObject(evaluation.combinedVersusEach) ? evaluation.combinedVersusEach : null;
    var rows = lead ? list(lead.scorers).filter(isObject) : [];
    if (!rows.length) {
      return null;
    }
    var signedSek = function (x) {
      return isNumber(x) ? (x > 0 ? "+" : "") + formatSek(x) : NA;
    };
    var headers = ["Combined minus", "Incorrect SEK", "95 % interval", "Draws with the combined ahead", "Verdict"];
    return table("The combined profile's lead at capacity, with a paired bootstrap: the test rows drawn with"
      + " replacement " + formatInteger(lead.resamples) + " times, every scorer ranking each draw. An interval"
      + " that holds zero means the test period cannot tell the two apart.",
      headers, rows.map(function (r) {
        var verdict = !isNumber(r.low95) || !isNumber(r.high95) ? NA
          : r.low95 > 0 ? "ahead" : r.high95 < 0 ? "behind" : "within noise";
        return {
          cells: [text(r.scorer), signedSek(r.differenceSek), signedSek(r.low95) + " to " + signedSek(r.high95),
            // one decimal, as the console prints it: 99.6 % of draws is not all of them
            isNumber(r.shareOfDrawsCombinedAhead) ? (100 * r.shareOfDrawsCombinedAhead).toFixed(1) + " %" : NA,
            { text: verdict, fail: verdict === "behind" }]
        };
      }), { numeric: [false, true, true, true, false] });
  }

  function topKTable(scorers) {
    var ks = [];
    scorers.forEach(function (s) {
      list(s.atTopK).forEach(function (row) {
        if (row && isNumber(row.k) && ks.indexOf(row.k) < 0) {
          ks.push(row.k);
        }
      });
    });
    if (!ks.length) {
      return null;
    }
    ks.sort(function (a, b) { return a - b; });
    var rows = scorers.map(function (s) {
      var byK = {};
      list(s.atTopK).forEach(function (row) {
        if (row) {
          byK[row.k] = row;
        }
      });
      return {
        cells: [text(s.scorer)].concat(ks.map(function (k) {
          var row = byK[k];
          return row ? { node: [formatRate(row.precision) + " \u00b7 recall " + formatRate(row.recall), el("br"),
            formatSek(row.incorrectSekFound)] } : NA;
        }))
      };
    });
    return table("The top k rows by score \u00d7 amount: precision, recall and incorrect SEK found.",
      ["Scorer"].concat(ks.map(function (k) { return "top " + formatInteger(k); })), rows,
      { numeric: [false].concat(ks.map(function () { return true; })) });
  }

  function reliabilityTable(scorers) {
    var scorer = scorers.filter(function (s) {
      return s.reliability && list(s.reliability.meanPredicted).length;
    })[0];
    if (!scorer) {
      return el("p", { "class": "skipped", text: "No reliability bins: no scorer's output is a probability." });
    }
    var r = scorer.reliability;
    var rows = list(r.meanPredicted).map(function (m, i) {
      return { cells: [formatRate(m), formatRate(list(r.observed)[i]), formatInteger(list(r.count)[i])] };
    });
    return el("div", null, [
      table("Reliability bins of " + scorer.scorer + " (empty bins omitted).",
        ["Mean predicted", "Observed", "Rows"], rows, { numeric: [true, true, true] })
    ]);
  }

  function recallTable(caption, label, rows) {
    return table(caption, [label, "Incorrect rows", "Found", "Recall", "Incorrect SEK", "Incorrect SEK found"],
      rows.map(function (r) {
        return { cells: [text(r.value), formatInteger(r.positives), formatInteger(r.found), formatRate(r.recall),
          formatSek(r.incorrectSek), formatSek(r.incorrectSekFound)] };
      }), { numeric: [false, true, true, true, true, true] });
  }

  var GROUP_ROWS = [
    ["rows", "Rows", "count"],
    ["selected", "Selected", "count"],
    ["randomControl", "In random control sample", "count"],
    ["positives", "Incorrect (label)", "count"],
    ["shareOfRows", "Share of rows", "rate"],
    ["shareOfSelected", "Share of selected", "rate"],
    ["shareOfRandomControl", "Share of random control", "rate"],
    ["selectionRate", "Selection rate", "interval"],
    ["selectionRelativeToRandom", "Selection relative to random", "interval"],
    ["precision", "Precision", "interval"],
    ["falsePositiveRate", "False positive rate", "interval"],
    ["truePositiveRate", "True positive rate", "interval"],
    ["randomControlIncorrectRate", "Incorrect rate in random control", "interval"],
    ["selectionRateRatio", "Selection rate ratio", "interval"],
    ["precisionRatio", "Precision ratio", "interval"],
    ["falsePositiveRateRatio", "False positive rate ratio", "interval"],
    ["truePositiveRateRatio", "True positive rate ratio", "interval"],
    ["gate", "Gate", "verdict"]
  ];

  function outside(bounds, metric, interval) {
    var b = bounds && bounds[metric];
    return Array.isArray(b) && isObject(interval) && isNumber(interval.value) && isNumber(b[0]) && isNumber(b[1])
      && (interval.value < b[0] || interval.value > b[1]);
  }

  function groupTable(attribute, groups, bounds) {
    var rows = GROUP_ROWS.slice();
    // A group field this renderer does not know yet is still shown, in the order it first appears.
    groups.forEach(function (g) {
      Object.keys(g).forEach(function (key) {
        var known = key === "group" || rows.some(function (row) { return row[0] === key; });
        if (!known && (isNumber(g[key]) || isObject(g[key]))) {
          rows.push([key, key, isNumber(g[key]) ? "rate" : "interval"]);
        }
      });
    });
    var headers = ["Metric"].concat(groups.map(function (g) {
      return text(g.group) + (g.group === attribute.reference ? " (reference)" : "");
    }));
    var body = rows.map(function (row) {
      return {
        cells: [row[1]].concat(groups.map(function (g) {
          var value = g[row[0]];
          if (row[2] === "verdict") {
            return { node: verdictBadge(value) };
          }
          if (row[2] === "count") {
            return formatInteger(value);
          }
          if (row[2] === "rate") {
            return formatRate(value);
          }
          return { text: formatInterval(value), fail: g.gate !== "TOO_FEW" && g.gate !== "NOT_JUDGED" && outside(bounds, row[0], value) };
        }))
      };
    });
    return table(text(attribute.attribute) + " by group; ratios against " + text(attribute.reference)
      + "; intervals are 95 % confidence intervals.", headers, body,
      { numeric: [false].concat(groups.map(function () { return true; })) });
  }

  /** The ratios a fairness chart can show, with their labels and colours. */
  var RATIO_METRICS = {
    selectionRateRatio: ["selection rate ratio", "#0969da"],
    falsePositiveRateRatio: ["false positive rate ratio", "#e66100"],
    truePositiveRateRatio: ["true positive rate ratio", "#1a7f37"],
    precisionRatio: ["precision ratio", "#8250df"]
  };

  function fairnessChart(id, attribute, groups, bounds) {
    // the ratios the gate judges (the historical audit judges the true positive rate), else the usual two
    var judged = Object.keys(isObject(bounds) ? bounds : {}).filter(function (k) { return RATIO_METRICS[k]; });
    var names = judged.length ? judged : ["selectionRateRatio", "falsePositiveRateRatio"];
    var metrics = names.map(function (k) { return [k, RATIO_METRICS[k][0], RATIO_METRICS[k][1]]; });
    var usual = names.length === 2 && names[0] === "selectionRateRatio" && names[1] === "falsePositiveRateRatio";
    var what = usual ? "selection rate and false positive rate ratios"
      : metrics.map(function (m) { return m[1]; }).join(" and ") + (metrics.length > 1 ? "s" : "");
    var title = text(attribute.attribute) + ": " + what + " against " + text(attribute.reference);
    var any = groups.some(function (g) {
      return metrics.some(function (m) { return isObject(g[m[0]]) && isNumber(g[m[0]].value); });
    });
    if (!any) {
      return skippedFigure(id, title, "no group has a " + metrics.map(function (m) { return m[1]; }).join(" or "),
        true);
    }
    var labels = groups.map(function (g) {
      var label = text(g.group);
      if (g.group === attribute.reference) {
        return label + " (reference)";
      }
      return g.gate === "FAIL" ? label + " \u2014 FAIL" : g.gate === "TOO_FEW" ? label + " \u2014 too few rows"
        : g.gate === "NOT_JUDGED" ? label + " \u2014 not judged" : label;
    });
    var top = 1.3;
    var guides = [{ axis: "y", value: 1, color: GUIDE_COLOR, dash: [2, 3], width: 1 }];
    var labelled = {};
    metrics.forEach(function (m) {
      var b = bounds && bounds[m[0]];
      if (Array.isArray(b)) {
        b.forEach(function (value) {
          if (isNumber(value)) {
            top = Math.max(top, value * 1.1);
            var key = String(value);
            guides.push({ axis: "y", value: value, label: labelled[key] ? null : "gate bound " + value });
            labelled[key] = true;
          }
        });
      }
    });
    var datasets = metrics.map(function (m) {
      var intervals = groups.map(function (g) {
        return isObject(g[m[0]]) ? g[m[0]] : null;
      });
      intervals.forEach(function (iv) {
        if (iv) {
          [iv.value, iv.high].forEach(function (x) {
            if (isNumber(x)) {
              top = Math.max(top, x * 1.05);
            }
          });
        }
      });
      return {
        label: m[1],
        data: intervals.map(function (iv) { return iv && isNumber(iv.value) ? iv.value : null; }),
        intervals: intervals,
        legendColor: m[2],
        maxBarThickness: 90,
        backgroundColor: groups.map(function (g) { return withAlpha(m[2], g.gate === "TOO_FEW" ? 0.3 : 0.85); }),
        borderColor: groups.map(function (g) { return g.gate === "FAIL" ? BOUND_COLOR : m[2]; }),
        borderWidth: groups.map(function (g) { return g.gate === "FAIL" ? 3 : 1; })
      };
    });
    var max = Math.ceil(Math.min(top, 3) * 2) / 2;
    var hasBounds = guides.length > 1;
    return chartFigure(id, title, barConfig(labels, datasets, {
      intervals: true,
      guides: guides,
      scales: { y: axis("ratio to " + text(attribute.reference), { min: 0, max: max, ticks: {
        stepSize: max <= 2 ? 0.25 : 0.5,
        callback: function (value) { return String(Number(value.toFixed(2))); }
      } }) },
      tooltip: {
        callbacks: {
          label: function (item) {
            return item.dataset.label + ": " + formatInterval(item.dataset.intervals[item.dataIndex]);
          }
        }
      }
    }), { wide: true, height: 280,
      note: "Whiskers: 95 % confidence intervals (an arrow: the interval goes beyond the axis)."
        + (hasBounds ? " Dashed red: the gate's bounds." : " The gate has no bounds.")
        + " A red border marks a group that fails the gate; pale bars have too few rows to test." });
  }

  function fairnessSection(id, title, fairness, chartPrefix, intro) {
    if (!isObject(fairness)) {
      return section(id, title, [el("p", { "class": "skipped", text: "Not evaluated: the evaluation has no such section." })]);
    }
    var gate = isObject(fairness.gate) ? fairness.gate : {};
    var bounds = isObject(gate.bounds) ? gate.bounds : {};
    var boundText = Object.keys(bounds).map(function (metric) {
      var b = bounds[metric];
      return metric + " within [" + list(b).join(", ") + "]";
    }).join("; ");
    var children = [
      intro ? el("p", { text: intro }) : null,
      el("dl", { "class": "facts" }, [
        el("dt", { text: "Selection" }), el("dd", { text: text(fairness.selection) }),
        el("dt", { text: "Outcome" }), el("dd", { text: text(fairness.outcome) }),
        el("dt", { text: "Gate" }), el("dd", null, [verdictBadge(gate.verdict), " ",
          (boundText ? boundText : "no bounds") + (isNumber(gate.minGroupRows)
            ? "; groups with fewer than " + formatInteger(gate.minGroupRows) + " rows are not tested" : "")])
      ]),
      isObject(gate.override) ? overrideNote(gate.override) : null,
      failureList(gate)
    ];
    var taken = {};
    list(fairness.attributes).forEach(function (attribute) {
      if (!isObject(attribute)) {
        return;
      }
      var groups = list(attribute.groups).filter(isObject);
      var chartId = chartPrefix + "-" + slug(attribute.attribute, taken);
      children.push(el("div", { "class": "attribute" }, [
        el("h3", { text: text(attribute.attribute) + " (reference group " + text(attribute.reference) + ")" }),
        el("div", { "class": "charts" }, fairnessChart(chartId, attribute, groups, bounds)),
        groupTable(attribute, groups, bounds)
      ]));
    });
    if (!list(fairness.attributes).length) {
      children.push(el("p", { "class": "skipped", text: "No protected attributes were evaluated." }));
    }
    return section(id, title, children);
  }

  function modelCard(card) {
    if (!isObject(card)) {
      return section("model-card", "Model card", [el("p", { "class": "skipped", text: "The evaluation has no model card." })]);
    }
    var periods = isObject(card.periods) ? card.periods : {};
    var limits = list(card.limits);
    var legal = list(card.legalBasis).filter(isObject);
    return section("model-card", "Model card", [el("div", { "class": "card" }, [
      el("dl", null, [
        el("dt", { text: "Intended use" }), el("dd", { text: text(card.intendedUse) }),
        el("dt", { text: "Data" }), el("dd", { text: text(card.data) }),
        el("dt", { text: "Periods" }), el("dd", null, table(null, ["Part", "Period"],
          Object.keys(periods).map(function (part) {
            return { cells: [part, text(periods[part])] };
          }))),
        el("dt", { text: "Metrics" }), el("dd", { text: text(card.metrics) }),
        el("dt", { text: "Limits" }), el("dd", null, limits.length
          ? el("ul", null, limits.map(function (l) { return el("li", { text: l }); })) : NA),
        el("dt", { text: "Legal basis" }), el("dd", null, legal.length
          ? table(null, ["Feature", "Basis"], legal.map(function (l) {
            return { cells: [text(l.feature), text(l.basis)] };
          })) : NA),
        el("dt", { text: "Gate verdict" }), el("dd", null, verdictBadge(card.gateVerdict))
      ])
    ])]);
  }

  // ---------------------------------------------------------------- the page

  function render(evaluation) {
    var scorers = list(evaluation.scorers).filter(isObject);
    var recallBy = isObject(evaluation.recallBy) ? evaluation.recallBy : {};
    var mechanism = list(recallBy.mechanism).filter(isObject);
    var benefit = list(recallBy.benefit).filter(isObject);
    var main = document.getElementById("report");
    var hasHistory = isObject(evaluation.historicalSelection);

    append(main, [
      header(evaluation),
      contents([["metrics", "Metrics"], ["ranking", "Ranking"], ["calibration", "Calibration"],
        ["found", "What it finds"], ["importance", "Feature importance"], ["fairness", "Fairness"]]
        .concat(hasHistory ? [["historical", "Historical selection"]] : [])
        .concat([["model-card", "Model card"]])),
      section("metrics", "Metrics", [
        scorers.length ? metricsTable(evaluation, scorers) : el("p", { "class": "skipped", text: "No scorers." }),
        leadTable(evaluation),
        topKTable(scorers)
      ]),
      section("ranking", "Ranking", [el("div", { "class": "charts" }, [
        rocChart(scorers), prChart(scorers), gainChart(evaluation, scorers), liftChart(evaluation, scorers)
      ])]),
      section("calibration", "Calibration", [el("div", { "class": "charts" }, [
        calibrationChart(scorers), reliabilityTable(scorers)
      ])]),
      section("found", "What it finds", [
        el("p", { text: "Recall of the combined profile at capacity, by error mechanism"
          + (benefit.length ? " and by benefit." : ".") }),
        el("div", { "class": "charts" }, [
          recallChart("chart-mechanism", "Recall by mechanism", mechanism),
          benefit.length ? recallChart("chart-benefit", "Recall by benefit", benefit) : null
        ]),
        mechanism.length ? recallTable("By mechanism.", "Mechanism", mechanism) : null,
        benefit.length ? recallTable("By benefit.", "Benefit", benefit) : null
      ]),
      section("importance", "Feature importance", [el("div", { "class": "charts" }, importanceChart(evaluation.importance))]),
      fairnessSection("fairness", "Fairness of the model's selection", evaluation.fairness, "chart-fairness"),
      hasHistory ? fairnessSection("historical", "Historical selection", evaluation.historicalSelection,
        "chart-historical", "The same audit of the unit's own past selection (the table's investigated flag),"
          + " for comparison with the model's.") : null,
      modelCard(evaluation.modelCard),
      el("footer", null, "Rendered by korrekt from evaluation.json (format " + text(evaluation.formatVersion)
        + "). Charts drawn with Chart.js " + text(window.Chart && Chart.version) + " (MIT License), included in this file.")
    ]);
    drawCharts();
  }

  try {
    if (typeof Chart === "undefined") {
      throw new Error("Chart.js did not load");
    }
    Chart.defaults.animation = false;
    Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
    Chart.defaults.color = "#1b1f24";
    Chart.register(guidesPlugin);
    render(JSON.parse(document.getElementById("evaluation").textContent));
  } catch (error) {
    window.__reportErrors.push("report: " + (error && error.stack ? error.stack : error));
    append(document.getElementById("report"), el("p", { "class": "failures", text: "The report could not be drawn: " + error }));
  }
  window.__reportReady = true;
})();
