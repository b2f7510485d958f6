// The merchant dashboard: one HTML page, its stylesheet and script, served by analytics at
// GET /dashboard (and ?asset=…, the only path the gateway routes there). Everything loads from
// the same origin, so the page runs under the platform's strict Content-Security-Policy
// (no inline script) and without any CDN.

/** The page. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Emporium · 经营分析 Analytics</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard?asset=dashboard.css">
<script src="/dashboard?asset=echarts.js" defer></script>
<script src="/dashboard?asset=dashboard.js" defer></script>
</head>
<body>
<header>
  <h1>Emporium 经营分析</h1>
  <form id="range" class="hidden" autocomplete="off">
    <label>From <input type="date" id="from" required></label>
    <label>To <input type="date" id="to" required></label>
    <button type="button" data-days="7">7 天</button>
    <button type="button" data-days="30">30 天</button>
    <button type="button" data-days="90">90 天</button>
    <button type="submit" id="apply">Apply</button>
    <label><input type="checkbox" id="auto" checked> Auto-refresh 60 s</label>
    <span id="updated"></span>
    <button type="button" id="signout">Sign out</button>
  </form>
</header>
<section id="login">
  <form id="login-form">
    <h2>Merchant sign-in</h2>
    <label>E-mail <input type="email" id="email" autocomplete="username" required></label>
    <label>Password <input type="password" id="password" autocomplete="current-password" required></label>
    <button type="submit" id="signin">Sign in</button>
    <p id="login-error" role="alert"></p>
  </form>
</section>
<main id="dashboard" class="hidden">
  <p id="error" role="alert"></p>
  <section id="kpis" class="cards">
    <div class="card"><span>GMV</span><strong data-kpi="gmv">–</strong></div>
    <div class="card"><span>Orders 订单</span><strong data-kpi="orders">–</strong></div>
    <div class="card"><span>Average order 客单价</span><strong data-kpi="averageOrderValue">–</strong></div>
    <div class="card"><span>Conversion 转化率</span><strong data-kpi="conversionRate">–</strong></div>
    <div class="card"><span>Repeat purchase 复购率</span><strong data-kpi="repeatPurchaseRate">–</strong></div>
    <div class="card"><span>Refund rate 退款率</span><strong data-kpi="refundRate">–</strong></div>
    <div class="card"><span>New customers 新客</span><strong data-kpi="newCustomers">–</strong></div>
    <div class="card"><span>Net revenue 净收入</span><strong data-kpi="netRevenue">–</strong></div>
  </section>
  <section class="grid">
    <figure class="wide"><figcaption>Sales and 14-day forecast 销售额与预测</figcaption><div class="chart" id="chart-sales"></div></figure>
    <figure><figcaption>Revenue by category 品类</figcaption><div class="chart" id="chart-categories"></div></figure>
    <figure><figcaption>Top products 热销商品</figcaption><div class="chart" id="chart-top"></div></figure>
    <figure><figcaption>Order value vs. items 客单价与件数</figcaption><div class="chart" id="chart-scatter"></div></figure>
    <figure><figcaption>Sales by province 地区</figcaption><div class="chart" id="chart-map"></div></figure>
    <figure><figcaption>Funnel 转化漏斗</figcaption><div class="chart" id="chart-funnel"></div></figure>
    <figure><figcaption>Customer segments 客户分群</figcaption><div class="chart" id="chart-segments"></div></figure>
    <figure><figcaption>Delivered within 2 days 两日达 <small id="coverage-error" role="status"></small></figcaption><div class="chart" id="chart-coverage"></div></figure>
  </section>
</main>
</body>
</html>
`;

/** The page's stylesheet. */
export const DASHBOARD_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f6fa; color: #1f2937; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 12px 20px; background: #1e3a8a; color: #fff; }
header h1 { font-size: 18px; margin: 0 16px 0 0; }
header form { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
header input, header button { font: inherit; }
button { cursor: pointer; border: 1px solid #c7d2fe; border-radius: 4px; background: #eef2ff; color: #1e3a8a; padding: 4px 10px; }
#updated { font-size: 12px; opacity: 0.8; }
.hidden { display: none !important; }
#login { display: flex; justify-content: center; padding: 60px 20px; }
#login form { display: grid; gap: 12px; width: 320px; background: #fff; padding: 24px; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
#login label { display: grid; gap: 4px; }
#login input { font: inherit; padding: 6px 8px; }
[role=alert] { color: #b91c1c; min-height: 1em; margin: 0; }
main { padding: 16px 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card { background: #fff; border-radius: 8px; padding: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.08); display: grid; gap: 4px; }
.card span { font-size: 12px; color: #6b7280; }
.card strong { font-size: 20px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 16px; }
figure { margin: 0; background: #fff; border-radius: 8px; padding: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
figure.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 8px; }
.chart { width: 100%; height: 320px; }
`;

/** The page's script (plain ES2017; echarts is loaded before it). */
export const DASHBOARD_JS = String.raw`(function () {
  'use strict';
  var API = '/api/v1';
  var TOKEN_KEY = 'emporium.dashboard.token';
  var REFRESH_MS = 60000;
  var state = { token: sessionStorage.getItem(TOKEN_KEY), timer: null, loading: null, chinaMap: null, seq: 0 };
  var charts = {};

  function $(id) { return document.getElementById(id); }
  function yuan(m) { return (m.amount / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function money(m) { return '¥' + yuan(m); }
  function pct(x) { return (x * 100).toFixed(1) + '%'; }
  function shanghaiToday() { return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10); }
  function addDays(day, n) { return new Date(Date.parse(day + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10); }
  function short(id) { return id && id.length > 12 ? id.slice(0, 8) + '…' : id; }

  function showError(where, error) { $(where).textContent = error ? String(error.message || error) : ''; }

  function api(path) {
    return fetch(API + path, { headers: { authorization: 'Bearer ' + state.token } }).then(function (res) {
      if (res.status === 401) { signOut(); throw new Error('Your session has ended; please sign in again.'); }
      if (!res.ok) {
        return res.json().then(function (p) { throw new Error(p.detail || p.title || ('HTTP ' + res.status)); });
      }
      return res.json();
    });
  }

  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init($(id));
    return charts[id];
  }

  function draw(id, option, points) {
    var c = chart(id);
    c.setOption(option, true);
    var el = $(id);
    el.setAttribute('data-points', String(points));
    el.setAttribute('data-rendered', 'true');
  }

  function range() { return '?from=' + $('from').value + '&to=' + $('to').value; }

  function renderKpis(k) {
    var values = {
      gmv: money(k.gmv), orders: String(k.orders), averageOrderValue: money(k.averageOrderValue),
      conversionRate: pct(k.conversionRate), repeatPurchaseRate: pct(k.repeatPurchaseRate),
      refundRate: pct(k.refundRate), newCustomers: String(k.newCustomers), netRevenue: money(k.netRevenue)
    };
    Object.keys(values).forEach(function (key) {
      document.querySelector('[data-kpi="' + key + '"]').textContent = values[key];
    });
  }

  function renderSales(sales, forecast) {
    var days = sales.points.map(function (p) { return p.period; });
    var actual = sales.points.map(function (p) { return p.gmv.amount / 100; });
    var ahead = forecast.points.filter(function (p) { return p.at > days[days.length - 1]; });
    var axis = days.concat(ahead.map(function (p) { return p.at; }));
    var pad = days.map(function () { return null; });
    var lower = pad.concat(ahead.map(function (p) { return p.lower / 100; }));
    var band = pad.concat(ahead.map(function (p) { return (p.upper - p.lower) / 100; }));
    var value = pad.concat(ahead.map(function (p) { return p.value / 100; }));
    draw('chart-sales', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['GMV', 'Forecast'] },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: axis },
      yAxis: { type: 'value', name: '¥' },
      series: [
        { name: 'GMV', type: 'line', data: actual, smooth: true, areaStyle: { opacity: 0.15 } },
        { name: 'lower', type: 'line', data: lower, stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
        { name: '95% interval', type: 'line', data: band, stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: 'rgba(234,88,12,0.2)' } },
        { name: 'Forecast', type: 'line', data: value, lineStyle: { type: 'dashed' }, itemStyle: { color: '#ea580c' } }
      ]
    }, actual.length + ahead.length);
  }

  function renderCategories(top) {
    var data = top.categories.map(function (c) { return { name: short(c.categoryId), value: c.revenue.amount / 100 }; });
    draw('chart-categories', {
      tooltip: { trigger: 'item', formatter: '{b}: ¥{c} ({d}%)' },
      series: [{ type: 'pie', radius: ['35%', '70%'], data: data }]
    }, data.length);
  }

  function renderTop(top) {
    var items = top.items.slice().reverse();
    draw('chart-top', {
      tooltip: { trigger: 'axis' },
      grid: { left: 140, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'value', name: '¥' },
      yAxis: { type: 'category', data: items.map(function (i) { return i.name || short(i.productId); }) },
      series: [{ type: 'bar', data: items.map(function (i) { return i.revenue.amount / 100; }) }]
    }, items.length);
  }

  function renderScatter(stats) {
    var data = stats.sample.map(function (s) { return [s.items, s.value / 100]; });
    draw('chart-scatter', {
      tooltip: { formatter: function (p) { return p.value[0] + ' items · ¥' + p.value[1]; } },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'value', name: 'items', minInterval: 1 },
      yAxis: { type: 'value', name: '¥' },
      series: [{ type: 'scatter', symbolSize: 10, data: data }]
    }, data.length);
  }

  function renderMap(regions) {
    var data = regions.items.map(function (r) { return { name: r.mapName, value: r.gmv.amount / 100 }; });
    var max = data.reduce(function (m, d) { return Math.max(m, d.value); }, 0);
    draw('chart-map', {
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + ': ¥' + (p.value || 0); } },
      visualMap: { min: 0, max: max || 1, left: 'left', bottom: 10, calculable: true, inRange: { color: ['#e0f2fe', '#1d4ed8'] } },
      series: [{ type: 'map', map: 'china', roam: false, data: data }]
    }, data.length);
  }

  function renderFunnel(funnel) {
    var names = { sessions: 'Sessions', productViews: 'Product views', addToCart: 'Add to cart', checkout: 'Checkout', paid: 'Paid' };
    var data = funnel.steps.map(function (s) { return { name: names[s.step] + ' (' + pct(s.rate) + ')', value: s.count }; });
    draw('chart-funnel', {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '10%', data: data, label: { position: 'inside' } }]
    }, data.length);
  }

  function renderSegments(segments) {
    var clusters = segments.clusters;
    draw('chart-segments', {
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 30, bottom: 60 },
      title: { text: 'k = ' + segments.k, textStyle: { fontSize: 12 }, right: 10 },
      xAxis: { type: 'category', data: clusters.map(function (c) { return c.label; }), axisLabel: { interval: 0, rotate: 15 } },
      yAxis: { type: 'value', name: 'customers', minInterval: 1 },
      series: [{ type: 'bar', data: clusters.map(function (c) { return c.size; }) }]
    }, clusters.length);
  }

  // GB/T 2260 full names (logistics) to the map's short ones: 广西壮族自治区 → 广西.
  function mapName(province) { return province.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, ''); }

  function renderCoverage(coverage) {
    var data = coverage.provinces.map(function (p) {
      return { name: mapName(p.province), value: Number((p.actual.within2Days * 100).toFixed(1)), p: p };
    });
    draw('chart-coverage', {
      tooltip: { trigger: 'item', formatter: function (x) {
        var p = x.data && x.data.p;
        if (!p) return x.name;
        return x.name + ' · ' + (p.warehouse || '–') + '<br>' + p.actual.orders + ' orders, ' +
          pct(p.actual.within1Day) + ' / ' + pct(p.actual.within2Days) + ' / ' + pct(p.actual.within3Days) +
          ' in 1/2/3 days<br>freight ' + money(p.actual.freightPerOrder) + ' per order';
      } },
      visualMap: { min: 0, max: 100, left: 'left', bottom: 10, calculable: true, text: ['100%', '0%'], inRange: { color: ['#fee2e2', '#15803d'] } },
      series: [{ type: 'map', map: 'china', roam: false, data: data }]
    }, data.length);
  }

  // Coverage comes from logistics: loaded on its own, so the sales reports show without it.
  function loadCoverage(seq) {
    showError('coverage-error', null);
    return Promise.all([api('/logistics/coverage' + range()), ensureMap()]).then(function (r) {
      if (seq === state.seq) renderCoverage(r[0]);
    }).catch(function (error) { showError('coverage-error', error); });
  }

  function ensureMap() {
    if (state.chinaMap) return state.chinaMap;
    state.chinaMap = fetch('/dashboard?asset=china.json').then(function (res) { return res.json(); }).then(function (geo) {
      echarts.registerMap('china', geo);
    });
    return state.chinaMap;
  }

  function load() {
    if (!state.token) return Promise.resolve();
    var to = $('to').value;
    var q = range();
    var seq = ++state.seq;
    showError('error', null);
    loadCoverage(seq);
    state.loading = Promise.all([
      api('/analytics/kpis' + q),
      api('/analytics/sales' + q + '&granularity=day'),
      api('/analytics/forecast?metric=gmv&horizon=14&from=' + addDays(to, -119) + '&to=' + to),
      api('/analytics/top-products' + q + '&limit=10'),
      api('/analytics/stats' + q),
      api('/analytics/regions' + q),
      api('/analytics/funnel' + q),
      api('/analytics/segments' + q + '&limit=10'),
      ensureMap()
    ]).then(function (r) {
      if (seq !== state.seq) return; // a newer range was asked for meanwhile
      renderKpis(r[0]);
      renderSales(r[1], r[2]);
      renderCategories(r[3]);
      renderTop(r[3]);
      renderScatter(r[4]);
      renderMap(r[5]);
      renderFunnel(r[6]);
      renderSegments(r[7]);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      document.body.setAttribute('data-loaded', $('from').value + '/' + to);
    }).catch(function (error) { showError('error', error); });
    return state.loading;
  }

  function schedule() {
    if (state.timer) clearInterval(state.timer);
    state.timer = $('auto').checked ? setInterval(load, REFRESH_MS) : null;
  }

  function showDashboard(signedIn) {
    $('login').classList.toggle('hidden', signedIn);
    $('dashboard').classList.toggle('hidden', !signedIn);
    $('range').classList.toggle('hidden', !signedIn);
  }

  function signOut() {
    state.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    if (state.timer) clearInterval(state.timer);
    showDashboard(false);
  }

  function signIn(event) {
    event.preventDefault();
    showError('login-error', null);
    fetch(API + '/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value })
    }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error(body.detail || 'Sign-in failed');
        var roles = body.user.roles || [];
        if (roles.indexOf('merchant') < 0 && roles.indexOf('admin') < 0) throw new Error('This account is not a merchant account.');
        state.token = body.accessToken;
        sessionStorage.setItem(TOKEN_KEY, state.token);
        start();
      });
    }).catch(function (error) { showError('login-error', error); });
  }

  function setDays(days) {
    var to = $('to').value || shanghaiToday();
    $('to').value = to;
    $('from').value = addDays(to, 1 - days);
    load();
  }

  function start() {
    showDashboard(true);
    schedule();
    load();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var today = shanghaiToday();
    $('to').value = today;
    $('from').value = addDays(today, -29);
    $('login-form').addEventListener('submit', signIn);
    $('range').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    $('from').addEventListener('change', load);
    $('to').addEventListener('change', load);
    $('auto').addEventListener('change', schedule);
    $('signout').addEventListener('click', signOut);
    Array.prototype.forEach.call(document.querySelectorAll('[data-days]'), function (b) {
      b.addEventListener('click', function () { setDays(Number(b.getAttribute('data-days'))); });
    });
    window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
    if (state.token) start(); else showDashboard(false);
  });
})();
`;
