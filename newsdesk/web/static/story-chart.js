/* Draws the coverage chart of a story page with uPlot (served from /static).
   The data comes from the element's data-series attribute (JSON); no inline
   script, nothing fetched from elsewhere. Without JavaScript the server-side
   SVG stays visible. */
(function () {
  "use strict";

  function utc(ts) {
    return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
  }

  function chartWidth(el) {
    return Math.max(260, Math.floor(el.getBoundingClientRect().width) || 600);
  }

  function options(data, width) {
    var series = [
      {},
      {label: "articles", stroke: "#8aa4c8", fill: "rgba(138,164,200,0.45)", scale: "n",
       paths: uPlot.paths.bars({size: [0.8, 48], align: 1}), points: {show: false}},
      {label: "independent origins", stroke: "#1d4f91", width: 2, scale: "n",
       paths: uPlot.paths.stepped({align: 1})}
    ];
    var ink = window.getComputedStyle(document.body).color;  /* follows the light or dark theme */
    var grid = {stroke: "rgba(128,128,128,0.25)"};
    var axes = [{stroke: ink, grid: grid}, {scale: "n", label: "per " + data.unit, stroke: ink, grid: grid}];
    if (data.traffic.some(function (v) { return v !== null; })) {
      series.push({label: "search traffic", stroke: "#c0392b", scale: "traffic",
                   paths: function () { return null; }, points: {show: true, size: 9, fill: "#c0392b"}});
      axes.push({scale: "traffic", side: 1, label: "searches", stroke: ink, grid: {show: false}});
    }
    /* no hover legend ("--" until hovered): the page prints a legend with the values */
    return {width: width, height: 260, tzDate: utc, series: series, axes: axes, legend: {show: false},
            scales: {
              // each bucket is drawn from its start to the start of the next one
              x: {time: true, range: function (u, min, max) { return [min, max + data.step]; }},
              n: {range: function (u, min, max) { return [0, Math.max(1, max)]; }}
            }};
  }

  function draw(el) {
    var data;
    try {
      data = JSON.parse(el.getAttribute("data-series"));
    } catch (err) {
      return;
    }
    if (typeof uPlot === "undefined" || !data || !data.t || data.t.length === 0) {
      return;
    }
    var rows = [data.t, data.articles, data.origins];
    var opts = options(data, chartWidth(el));
    if (opts.series.length > 3) {
      rows.push(data.traffic);
    }
    var plot = new uPlot(opts, rows, el);
    el.classList.add("drawn");
    var fallback = document.getElementById(el.getAttribute("data-fallback"));
    if (fallback) {
      fallback.hidden = true;
    }
    window.addEventListener("resize", function () {
      plot.setSize({width: chartWidth(el), height: 260});
    });
  }

  var charts = document.querySelectorAll("[data-series]");
  for (var i = 0; i < charts.length; i++) {
    draw(charts[i]);
  }
})();
