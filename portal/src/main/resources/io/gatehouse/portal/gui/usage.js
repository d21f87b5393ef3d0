// The "Usage" view: an application's requests, errors and latency per hour or day (Chart.js) and its
// recent calls, from the developers' API (/applications/{app}/usage and /calls). Uses portal.js's call, $ and say.
'use strict';
let usageChart = null;
let callsOffset = null;

function usageApplications(apps) {
  const chosen = $('usage-app').value;
  $('usage-app').replaceChildren(...apps.map(a => new Option(a.name, a.id)));
  if (apps.some(a => a.id === chosen)) $('usage-app').value = chosen;
}

function usageQuery() {
  const status = $('usage-status').value;
  return status ? 'status=' + encodeURIComponent(status) : '';
}

async function showUsage() {
  const app = $('usage-app').value;
  if (!app) { say('Create an application first.'); return; }
  const q = usageQuery();
  const u = await call('GET', '/applications/' + app + '/usage?bucket=' + $('usage-bucket').value + (q ? '&' + q : ''));
  const week = w => (w.requests || 0) + ' requests, ' + (w.errors || 0) + ' errors';
  $('usage-weeks').textContent = 'This week: ' + week(u.this_week) + '. Last week: ' + week(u.last_week) + '.';
  drawChart(u);
  callsOffset = null;
  $('usage-calls').tBodies[0].replaceChildren();
  await moreCalls();
}

function drawChart(u) {
  const label = ms => new Date(ms).toISOString().slice(0, u.bucket === 'day' ? 10 : 16).replace('T', ' ');
  const data = {
    labels: u.data.map(r => label(r.bucket_start)),
    datasets: [
      { label: 'requests', data: u.data.map(r => r.requests), yAxisID: 'count' },
      { label: 'errors', data: u.data.map(r => r.errors), yAxisID: 'count' },
      { label: 'p95 latency (ms)', data: u.data.map(r => r.latency.p95), yAxisID: 'ms', type: 'line' },
    ],
  };
  if (usageChart) usageChart.destroy();
  usageChart = new Chart($('usage-chart'), {
    type: 'bar', data,
    options: { animation: false, scales: { count: { position: 'left', beginAtZero: true }, ms: { position: 'right', beginAtZero: true } } },
  });
}

async function moreCalls() {
  const app = $('usage-app').value;
  const q = [usageQuery(), 'size=50', callsOffset ? 'offset=' + encodeURIComponent(callsOffset) : ''].filter(Boolean).join('&');
  const page = await call('GET', '/applications/' + app + '/calls?' + q);
  $('usage-calls').tBodies[0].append(...page.data.map(c => {
    const tr = document.createElement('tr');
    tr.className = 'call';
    tr.dataset.requestId = c.request.id;
    for (const text of [new Date(c.started_at).toISOString().replace('T', ' ').slice(0, 23), c.request.method,
      c.request.uri, c.response.status, c.latencies.request, c.request.id]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  callsOffset = page.offset;
  $('usage-more').hidden = !callsOffset;
}

on('usage-show', 'click', showUsage);
on('usage-more', 'click', moreCalls);
