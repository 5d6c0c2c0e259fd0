// Dasbor charts: drawn by Chart.js from the page's JSON data block (#dasbor-data). The same figures are printed in
// each chart's table, so nothing here is needed to read them.
(function () {
  'use strict';

  function rupiah(n) {
    var s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return (n < 0 ? '-' : '') + 'Rp ' + s;
  }
  function percent(n) {
    return n.toLocaleString('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' %';
  }

  var BLUE = '#0a58ca';
  var GREEN = '#198754';
  var GREY = '#6c757d';

  function draw() {
    var block = document.getElementById('dasbor-data');
    var Chart = window.Chart;
    if (!block || !Chart) return;
    var data = JSON.parse(block.textContent || '{}');
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

    function canvas(name) {
      return document.querySelector('canvas[data-chart="' + name + '"]');
    }
    function money(axis) {
      return { beginAtZero: true, ticks: { callback: function (v) { return rupiah(v); } }, title: { display: !!axis, text: axis || '' } };
    }
    function moneyTooltip(ctx) {
      return ctx.dataset.label + ': ' + rupiah(ctx.parsed.y !== undefined ? ctx.parsed.y : ctx.parsed);
    }

    // A new object per chart: Chart.js merges its defaults into the options it is given.
    function moneyOptions() {
      return { scales: { y: money() }, plugins: { tooltip: { callbacks: { label: moneyTooltip } } } };
    }

    var el = canvas('absorption');
    if (el && data.children && data.children.length) {
      new Chart(el, {
        type: 'bar',
        data: {
          labels: data.children.map(function (c) { return c.label; }),
          datasets: [{ label: 'Serapan', data: data.children.map(function (c) { return c.absorption; }), backgroundColor: BLUE }],
        },
        options: {
          indexAxis: 'y',
          scales: { x: { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return v + ' %'; } } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) { return percent(ctx.parsed.x); } } } },
        },
      });
    }

    el = canvas('months');
    if (el && data.months) {
      new Chart(el, {
        type: 'line',
        data: {
          labels: data.months.map(function (m) { return m.label; }),
          datasets: [
            { label: 'Realisasi kumulatif', data: data.months.map(function (m) { return m.cumulative; }), borderColor: BLUE, backgroundColor: BLUE, tension: 0 },
            { label: 'Rencana', data: data.months.map(function () { return data.planned; }), borderColor: GREY, borderDash: [6, 4], pointRadius: 0 },
          ],
        },
        options: moneyOptions(),
      });
    }

    // Rencana beside realisasi, per category and per sub-type: the same chart over other rows.
    function plannedVsRealized(name, rows) {
      var target = canvas(name);
      if (!target || !rows) return;
      new Chart(target, {
        type: 'bar',
        data: {
          labels: rows.map(function (r) { return r.label; }),
          datasets: [
            { label: 'Rencana', data: rows.map(function (r) { return r.planned; }), backgroundColor: GREY },
            { label: 'Realisasi', data: rows.map(function (r) { return r.realized; }), backgroundColor: GREEN },
          ],
        },
        options: moneyOptions(),
      });
    }
    plannedVsRealized('categories', data.categories);
    plannedVsRealized('subtypes', data.subTypes);
    document.documentElement.setAttribute('data-charts', 'ready');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
