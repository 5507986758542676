// SynScope NOC page: plain JS, no build step, no external resources.
// Data: /anomalies/stream (SSE), /endpoints (polled), /connections/{uid}, /health.
'use strict';

const token = new URLSearchParams(location.search).get('access_token');
function url(path, params) {
  const u = new URL(path, location.href);
  Object.entries(params || {}).forEach(([k, v]) => u.searchParams.set(k, v));
  if (token) u.searchParams.set('access_token', token);
  return u.toString();
}
async function getJson(path, params) {
  const r = await fetch(url(path, params), { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  return { status: r.status, body };
}
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => (k === 'class' ? (e.className = v) : e.setAttribute(k, v)));
  children.forEach(c => e.append(c));
  return e;
}
function endpoint(h, p) {
  if (!h) return '-';
  const host = h.includes(':') ? '[' + h + ']' : h;
  return p == null ? host : host + ':' + p;
}
function when(micros) { return new Date(micros / 1000).toISOString().replace('T', ' ').replace('Z', ''); }

// ---- anomaly feed ----
const feed = document.getElementById('feed');
const seen = new Set();
const byMinute = new Map(); // minute (ms) -> Map(type -> count)
const MAX_FEED = 200;

function addAnomaly(a) {
  if (seen.has(a.eventId)) return;
  seen.add(a.eventId);
  const li = el('li', { class: 'sev-' + a.severity, 'data-type': a.type, 'data-uid': a.uid || '' },
    el('span', { class: 'type' }, a.type), el('span', { class: 'sev' }, a.severity + ' · ' + when(a.tsMicros)),
    el('div', { class: 'ends' }, endpoint(a.origH, a.origP) + ' → ' + endpoint(a.respH, a.respP)
      + (a.vantageProbe ? '  (seen by ' + a.vantageProbe + ')' : '')),
    el('div', { class: 'cause' }, a.likelyCause || ''));
  li.addEventListener('click', () => showConnection(a));
  feed.prepend(li);
  while (feed.children.length > MAX_FEED) feed.lastChild.remove();
  document.getElementById('feed-count').textContent = String(seen.size);
  const minute = Math.floor(a.tsMicros / 60e6) * 60e3;
  const counts = byMinute.get(minute) || new Map();
  counts.set(a.type, (counts.get(a.type) || 0) + 1);
  byMinute.set(minute, counts);
  drawChart();
}

function connectStream() {
  const es = new EventSource(url('anomalies/stream', { replay: 200 }));
  es.addEventListener('anomaly', ev => addAnomaly(JSON.parse(ev.data)));
  es.onerror = () => setStatus('stream reconnecting…', false);
  es.onopen = () => refreshHealth();
}

// ---- chart: per minute (event time), one stacked bar, one colour per type; the last 30 minutes with anomalies ----
const COLORS = ['#e03939', '#e07b39', '#d6b25b', '#5bd67a', '#5b8dd6', '#a05bd6', '#d65bb2', '#5bd6d0',
  '#b0b0b0', '#7a8f3a', '#3a7a8f', '#8f3a7a', '#f0a0a0', '#a0f0a0', '#a0a0f0', '#ffffff'];
const typeColor = new Map();
function drawChart() {
  const svg = document.getElementById('chart');
  const minutes = [...byMinute.keys()].sort((a, b) => a - b).slice(-30);
  const types = new Set();
  minutes.forEach(m => byMinute.get(m).forEach((_, t) => types.add(t)));
  const sorted = [...types].sort();
  sorted.forEach(t => { if (!typeColor.has(t)) typeColor.set(t, COLORS[typeColor.size % COLORS.length]); });
  let max = 1;
  minutes.forEach(m => { let s = 0; byMinute.get(m).forEach(c => { s += c; }); max = Math.max(max, s); });
  const W = 600, H = 160, left = 28, bottom = 18, top = 6;
  const slot = (W - left) / 30, bar = Math.max(4, slot - 4), scale = (H - bottom - top) / max;
  let out = '<line x1="' + left + '" y1="' + (H - bottom) + '" x2="' + W + '" y2="' + (H - bottom) + '" stroke="#555"/>'
    + '<text x="2" y="' + (top + 8) + '" fill="#8a96a3" font-size="10">' + max + '</text>'
    + '<text x="2" y="' + (H - bottom) + '" fill="#8a96a3" font-size="10">0</text>';
  minutes.forEach((m, i) => {
    let y = H - bottom;
    const x = left + i * slot + 2;
    sorted.forEach(t => {
      const c = byMinute.get(m).get(t) || 0;
      if (c === 0) return;
      const h = c * scale;
      y -= h;
      out += '<rect data-type="' + t + '" x="' + x + '" y="' + y + '" width="' + bar + '" height="' + h
        + '" fill="' + typeColor.get(t) + '"><title>' + t + ': ' + c + '</title></rect>';
    });
    if (i === 0 || (i === minutes.length - 1 && i >= 4)) { // first and last minute, unless they would overlap
      out += '<text x="' + x + '" y="' + (H - 4) + '" fill="#8a96a3" font-size="10">'
        + new Date(m).toISOString().substring(11, 16) + '</text>';
    }
  });
  svg.innerHTML = out;
  const legend = document.getElementById('legend');
  legend.replaceChildren(...sorted.map(t => {
    const total = minutes.reduce((s, m) => s + (byMinute.get(m).get(t) || 0), 0);
    const i = el('i'); i.style.background = typeColor.get(t);
    return el('li', { 'data-type': t }, i, t + ' ' + total);
  }));
}

// ---- endpoints table ----
const PILE_STATES = ['SYN_RECEIVED', 'CLOSE_WAIT'];
// a pile is "hot" at the count the app itself alarms on (GET /thresholds): SYN_FLOOD, CLOSE_WAIT_LEAK
let hotAt = null;
async function loadThresholds() {
  const { status, body } = await getJson('thresholds', {});
  if (status === 200) hotAt = { SYN_RECEIVED: body.synFloodThreshold, CLOSE_WAIT: body.closeWaitLeakThreshold };
}
async function refreshEndpoints() {
  if (hotAt === null) await loadThresholds();
  const { status, body } = await getJson('endpoints', { kind: 'service', limit: 50 });
  if (status !== 200) return;
  const rows = body.items.map(e => {
    const c = e.stateCounts || {};
    const shown = ['ESTABLISHED', 'SYN_RECEIVED', 'CLOSE_WAIT', 'TIME_WAIT'];
    const other = Object.entries(c).filter(([s]) => !shown.includes(s)).reduce((s, [, n]) => s + n, 0);
    const tr = el('tr', { 'data-endpoint': e.endpoint }, el('td', {}, e.endpoint), el('td', {}, String(e.connections)));
    shown.forEach(s => {
      const n = c[s] || 0;
      const cls = PILE_STATES.includes(s) && n > 0 ? (hotAt !== null && n >= hotAt[s] ? 'pile hot' : 'pile') : '';
      tr.append(el('td', { class: cls, 'data-state': s }, String(n)));
    });
    tr.append(el('td', {}, String(other)));
    return tr;
  });
  document.querySelector('#endpoints tbody').replaceChildren(...rows);
}

// ---- connection detail ----
async function showConnection(a) {
  const section = document.getElementById('detail-section');
  const detail = document.getElementById('detail');
  section.hidden = false;
  detail.textContent = 'loading…';
  const dl = el('dl');
  const row = (k, v) => { dl.append(el('dt', {}, k), el('dd', {}, v == null ? '-' : String(v))); };
  row('anomaly', a.type + ' (' + a.severity + ')');
  row('likely cause', a.likelyCause);
  (a.evidence || []).forEach(ev => row('evidence ' + when(ev.tsMicros), ev.description));
  if (a.uid) {
    const { status, body } = await getJson('connections/' + encodeURIComponent(a.uid));
    if (status === 200) {
      row('connection', body.id);
      row('uid', body.uid);
      row('originator state', body.origState + ' since ' + when(body.origStateSinceMicros));
      row('responder state', body.respState + ' since ' + when(body.respStateSinceMicros));
      row('conn_state', body.connState);
      row('history', body.history);
      row('bytes orig/resp', body.origBytes + ' / ' + body.respBytes);
      row('packets orig/resp', body.origPackets + ' / ' + body.respPackets);
      row('retransmits orig/resp', body.origRetransmits + ' / ' + body.respRetransmits);
      row('first / last seen', when(body.firstSeenMicros) + ' / ' + when(body.lastSeenMicros));
      (body.vantages || []).forEach(v => row('vantage ' + v.probeId, v.origState + ' / ' + v.respState
        + ', ' + v.origPackets + '+' + v.respPackets + ' packets'));
    } else {
      row('connection', status === 404 ? 'finished (no longer in the live table; see the conn-log)' : 'unavailable (' + status + ')');
    }
    const others = await getJson('anomalies', { uid: a.uid });
    if (others.status === 200) {
      others.body.items.forEach(o => row('anomaly ' + when(o.tsMicros), o.type));
    }
  }
  detail.replaceChildren(dl);
}
document.getElementById('detail-close').addEventListener('click', () => {
  document.getElementById('detail-section').hidden = true;
});

// ---- health ----
function setStatus(text, up) {
  const s = document.getElementById('status');
  s.textContent = text;
  s.className = 'status ' + (up ? 'up' : 'down');
}
async function refreshHealth() {
  try {
    const { body } = await getJson('health');
    setStatus('streams ' + (body.streamsState || '?'), body.ready === true);
  } catch (e) {
    setStatus('query server unreachable', false);
  }
}

connectStream();
refreshHealth();
refreshEndpoints();
setInterval(refreshHealth, 5000);
setInterval(refreshEndpoints, 5000);
