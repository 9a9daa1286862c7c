// 訪問計画: a day's home visits (default tomorrow in Japan's time) with each patient's re-inquiry status,
// the nightly re-inquiry's progress and alerts live, the queue of consented patients waiting to be linked,
// and the re-inquiry run now for one patient or the whole day. Signed in with a pasted clinician token
// kept in sessionStorage; every text from OQS, the chart or a person is set with textContent.
import { h, clock, say } from './dom.js';
import { withQuery } from './rest.js';
import { PastedTokenScreen, EXPIRED } from './signin.js';
import { showJobProgress } from './jobs.js';
import { visitStatus, JOB_STATE_WORDS, ALERT_KIND_WORDS } from './planner-words.js';
import { loadQueue } from './planner-queue.js';
import { consentDetails } from './planner-consent.js';

const $ = (id) => document.getElementById(id);
const KIND = 'home-visit-reinquiry';
let visits = []; // the shown day's visits, as listed (lastRun updated by live alerts)
let waitingPatients = new Set(); // chart patients some queued consent names as a candidate
let reloadTimer = null;

const JST_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Tomorrow's date (yyyy-MM-dd) in Japan's time, whatever the PC's time zone. */
function tomorrow() {
  return JST_DATE.format(new Date(Date.now() + 24 * 3600 * 1000));
}

/** What went wrong, in words staff can act on. */
function problemWords(e) {
  if (e.status === undefined) return 'ゲートウェイに接続できません。ネットワークとゲートウェイが動いているか確認してください。';
  if (e.status === 401) return EXPIRED;
  if (e.status === 403) return 'この操作をする権限がありません（' + e.message + '）';
  return e.message;
}

// ------------------------------------------------------------------ sign-in

const screen = new PastedTokenScreen({
  storageKey: 'oqsgw.planner',
  shown: ['planview', 'sign-out'],
  // The day's listing is what the screen is for (clinician, or chart and reception staff).
  check: (call) => call('GET', '/api/v1/home-visit-schedule/' + encodeURIComponent(dayOrTomorrow())),
  forbidden: 'このトークンには訪問担当（clinician）の権限がありません。',
  subscription: { types: ['homevisit.alert', 'job.progress'] },
  onEvent,
  reload: reloadAll,
});
const api = screen.api;

/** The chosen day, tomorrow until someone chooses. */
function dayOrTomorrow() {
  if (!$('day').value) $('day').value = tomorrow();
  return $('day').value;
}

function reloadAll() {
  dayOrTomorrow();
  return Promise.all([loadDay(), loadRun(), refreshQueue()]);
}

// ------------------------------------------------------------------ the day's visits

$('day-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  loadDay();
});

const shownDay = () => $('day').value;
const shownTeam = () => $('team').value.trim();

async function loadDay() {
  try {
    const day = await api('GET', withQuery('/api/v1/home-visit-schedule/' + encodeURIComponent(shownDay()), { team: shownTeam() }));
    visits = day?.visits ?? [];
    renderVisits();
  } catch (e) {
    say($('day-msg'), '訪問予定を読み込めませんでした: ' + problemWords(e), 'ng');
  }
}

function renderVisits() {
  const sorted = [...visits].sort((a, b) => (a.time ?? '99').localeCompare(b.time ?? '99') || a.chartPatientId.localeCompare(b.chartPatientId));
  $('visits').querySelector('tbody').replaceChildren(...sorted.map(visitRow));
  $('visits-empty').hidden = visits.length > 0;
}

function visitRow(v) {
  const s = visitStatus(v);
  const lines = [...s.lines];
  if (waitingPatients.has(v.chartPatientId)) lines.push('紐付け待ち: 居宅で同意した方の候補になっています（右の「紐付け待ち」）');
  // A visit the rules exclude (online care, no continuing care…) is never sent: no button for it.
  const run = v.reinquiry?.eligible === false ? null : h('button', { type: 'button', class: 'run-one', text: 'この患者を今すぐ再照会',
    on: { click: () => runNow({ date: shownDay(), chartPatientIds: [v.chartPatientId] }) } });
  return h('tr', { 'data-patient': v.chartPatientId, 'data-visit': v.id, class: 'tone-' + s.tone + (v.fresh ? ' fresh' : '') },
    h('td', { class: 'time', text: v.time ?? '' }),
    h('td', { class: 'patient', text: v.chartPatientId }),
    h('td', { text: v.label ?? v.careForm ?? '' }),
    h('td', { text: v.team ?? '' }),
    h('td', { class: 'status' },
      h('span', { class: 'verdict ' + s.tone, text: s.word }),
      lines.length ? h('ul', { class: 'why' }, ...lines.map((t) => h('li', { text: t }))) : null,
      v.lastRun?.finishedAt ? h('span', { class: 'meta', text: clock(v.lastRun.finishedAt) + ' の再照会' }) : null,
      consentDetails(api, v.chartPatientId)),
    h('td', {}, run));
}

// ------------------------------------------------------------------ the nightly run and running now

async function loadRun() {
  try {
    const latest = (await api('GET', withQuery('/api/v1/jobs', { kind: KIND, limit: 1 })))?.jobs?.[0];
    if (!latest) {
      $('run-state').textContent = 'まだ実行されていません';
      return;
    }
    showJob(latest);
  } catch (e) {
    $('run-state').textContent = '読み込めませんでした: ' + problemWords(e);
  }
}

/** A job of the kind (read over REST or from job.progress): its line and its bar. */
function showJob(job) {
  const by = job.trigger === 'schedule' ? '夜間の再照会' : '今すぐの再照会';
  const when = job.finishedAt ? '（' + clock(job.finishedAt) + ' 終了）' : job.startedAt ? '（' + clock(job.startedAt) + ' 開始）' : '';
  $('run-state').textContent = by + ': ' + (JOB_STATE_WORDS[job.state] ?? job.state ?? '') + when
    + (job.failed ? '　失敗 ' + job.failed + ' 件' : '');
  return showJobProgress($('jobs'), job, by);
}

$('run-day').addEventListener('click', () => runNow({ date: shownDay(), team: shownTeam() || undefined }));

async function runNow(params) {
  const msg = $('day-msg');
  try {
    const job = await api('POST', '/api/v1/jobs', { kind: KIND, params });
    say(msg, params.chartPatientIds ? '患者 ' + params.chartPatientIds[0] + ' の再照会を始めました' : shownDay() + ' の再照会を始めました', 'ok');
    showJob(job);
  } catch (e) {
    if (e.status === 409 && e.problem.runningJobId) {
      say(msg, '実行中です。終わるまで進み具合を表示します。', 'warn');
      api('GET', '/api/v1/jobs/' + encodeURIComponent(e.problem.runningJobId)).then(showJob, () => {});
    } else {
      say(msg, '再照会を始められませんでした: ' + problemWords(e), 'ng');
    }
  }
}

// ------------------------------------------------------------------ the queue

async function refreshQueue() {
  try {
    const items = await loadQueue(api, $('queue'), $('queue-empty'), refreshQueue);
    $('queue-empty').textContent = 'ありません';
    const waiting = new Set(items.flatMap((i) => i.candidates ?? []));
    const changed = waiting.size !== waitingPatients.size || [...waiting].some((p) => !waitingPatients.has(p));
    waitingPatients = waiting;
    if (changed) renderVisits();
  } catch (e) {
    $('queue-empty').hidden = false;
    $('queue-empty').textContent = '読み込めませんでした: ' + problemWords(e);
  }
}

// ------------------------------------------------------------------ live

function onEvent(e) {
  const d = e.data ?? {};
  if (e.type === 'job.progress' && d.kind === KIND) {
    if (showJob(d)) {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(loadDay, 300);
    }
  } else if (e.type === 'homevisit.alert') {
    const mine = d.kind === 'visit-alert' && d.date === shownDay() && visits.some((v) => v.chartPatientId === d.chartPatientId);
    if (mine) {
      for (const v of visits) {
        if (v.chartPatientId !== d.chartPatientId) continue;
        v.lastRun = { ...(v.lastRun ?? {}), alert: { items: d.items ?? [] } };
        v.fresh = true;
      }
      renderVisits();
    }
    logAlert(e, mine);
  }
}

/** Every alert in the list (newest first); those of the shown day also update their row. */
function logAlert(e, onRow) {
  const d = e.data ?? {};
  const text = (d.items ?? []).map((i) => ALERT_KIND_WORDS[i.kind] ?? i.kind).join('、') || d.message || d.kind || '';
  const log = $('alerts');
  log.prepend(h('li', {}, h('span', { class: 'time', text: clock(e.occurredAt) }),
    h('span', { class: 'patient', text: d.chartPatientId ?? '' }),
    h('span', { text: (d.date && !onRow ? d.date + ' ' : '') + text })));
  while (log.children.length > 50) log.lastElementChild.remove();
  $('alerts-empty').hidden = true;
}

screen.start();
