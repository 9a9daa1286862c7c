// 受付: one desk's screen. Sign in with the desk code (the desk-bound token stays in sessionStorage), load
// the desk's state in one call, then follow the live feed from that state's latest event: card readings,
// check results, cards to link, outages. Text from OQS and users is set with textContent only.
import { h, say } from './dom.js';
import { Session, client } from './rest.js';
import { LiveFeed, showConnection } from './live.js';
import { Outage } from './banner.js';
import { loadCue, saveCue, playCue, unlockAudio } from './cue.js';
import { place, readingEntry, cardErrorEntry, noteEntry, checkEntry } from './entries.js';
import { taskItem, readingItem } from './todo.js';
import { CARD_ERROR_WORDS } from './words.js';

const $ = (id) => document.getElementById(id);
const session = new Session('oqsgw.reception');
const api = client(session, () => signOut('サインインの有効期限が切れました。もう一度サインインしてください。'));
const outage = new Outage($('banner'));
let cue = loadCue();
let feed = null;
let desk = null;

const CHECK_EVENTS = new Set(['check.answered', 'check.failed', 'check.queued', 'qualification.changed']);

// ------------------------------------------------------------------ sign-in

$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  unlockAudio();
  const msg = $('signin-msg');
  say(msg, '');
  const deskId = $('desk').value.trim();
  try {
    const s = await client(null)('POST', '/api/v1/reception/sessions', { desk: deskId, code: $('code').value });
    session.set({ token: s.token, desk: s.desk ?? deskId, expiresAt: s.expiresAt });
    localStorage.setItem('oqsgw.reception.lastDesk', s.desk ?? deskId);
    $('code').value = '';
    open();
  } catch (e) {
    say(msg, e.status === 401 ? '窓口か窓口コードが違います。'
      : e.status === 429 ? '試行が多すぎます。しばらく待ってからもう一度お試しください。'
        : 'サインインできませんでした（' + (e.status ?? '接続できません') + '）', 'ng');
  }
});

function signOut(message) {
  feed?.stop();
  feed = null;
  session.clear();
  outage.connection(true);
  $('deskview').hidden = true;
  $('signin').hidden = false;
  $('open-settings').hidden = true;
  $('sign-out').hidden = true;
  $('conn').hidden = true;
  $('desk-name').textContent = '';
  $('feed').replaceChildren();
  $('todo').replaceChildren();
  if (message) say($('signin-msg'), message, 'ng');
  $('desk').value = localStorage.getItem('oqsgw.reception.lastDesk') ?? '';
  ($('desk').value ? $('code') : $('desk')).focus();
}

$('sign-out').addEventListener('click', () => signOut());

// ------------------------------------------------------------------ the desk

async function open() {
  const s = session.get();
  if (!s) return signOut();
  desk = s.desk;
  $('signin').hidden = true;
  $('deskview').hidden = false;
  $('open-settings').hidden = false;
  $('sign-out').hidden = false;
  $('desk-name').textContent = desk;
  const latest = await loadState();
  feed = new LiveFeed({
    token: () => session.get()?.token ?? null,
    subscription: { desks: [desk] },
    onEvent,
    onGap: loadState,
    onState: connectionState,
  });
  feed.start(latest);
}

/** The desk's state in one call; returns its latestEventId (the feed resumes after it). */
async function loadState() {
  try {
    const st = await api('GET', '/api/v1/desks/' + encodeURIComponent(desk) + '/state');
    outage.linkState(st.link?.state, st.link?.since);
    for (const a of st.agents ?? []) outage.agentState(a.agentId, a.connected, a.since);
    for (const c of [...(st.checks ?? [])].reverse()) showCheck(summaryOf(c));
    for (const t of st.linkTasks ?? []) showTask(t);
    for (const r of st.unassignedReadings ?? []) showUnassigned(summaryOf(r));
    updateEmpty();
    return st.latestEventId ?? null;
  } catch (e) {
    if (e.status === 403) signOut('この窓口の情報は見られません。');
    return null;
  }
}

/** A listed check (CheckSummary: createdAt) with the full check's time field. */
function summaryOf(c) {
  return { ...c, requestedAt: c.requestedAt ?? c.createdAt };
}

function connectionState(state, detail) {
  showConnection($('conn'), state);
  // Connecting again after a drop is not being connected: the 5 s count of an outage goes on.
  if (state !== 'connecting') outage.connection(state === 'live');
  if (state === 'refused' && detail?.code === 4401) signOut('サインインの有効期限が切れました。もう一度サインインしてください。');
}

function onEvent(e) {
  const d = e.data ?? {};
  switch (e.type) {
    case 'card.inserted':
      addEntry($('feed'), readingEntry(e), d.occurredAt ?? e.occurredAt);
      playCue(cue, document.body);
      break;
    case 'card.removed':
      markRemoved(d.readerId);
      break;
    case 'card.error':
      addEntry($('feed'), cardErrorEntry(e, CARD_ERROR_WORDS), d.occurredAt ?? e.occurredAt);
      break;
    case 'card.link.task':
      showTask({ id: d.taskId, reason: d.reason, desk: d.deskId, reader: d.readerId, presentedAt: e.occurredAt });
      break;
    case 'homevisit.alert':
      addEntry($('feed'), noteEntry('alert:' + e.id, e.occurredAt, '訪問診療', d.message ?? '再照会が拒否されました', 'ng'), e.occurredAt);
      break;
    case 'terminal.link.down':
    case 'terminal.link.up':
      outage.linkState(e.type === 'terminal.link.down' ? 'DOWN' : 'UP', e.occurredAt, d.reason);
      break;
    case 'reader.status':
      outage.readerState(d.readerId, d.state === 'ready', d.occurredAt ?? e.occurredAt);
      break;
    case 'agent.connected':
      outage.agentState(d.agentId, true);
      break;
    case 'agent.disconnected':
      outage.agentState(d.agentId, false, e.occurredAt);
      break;
    default:
      if (CHECK_EVENTS.has(e.type) && d.checkId) {
        showCheck({ id: d.checkId, state: d.state, source: d.source, chartPatientId: d.chartPatientId,
          requestedAt: e.occurredAt }, e.type === 'qualification.changed' ? (d.fields ?? []).join('、') : null);
        if (d.source === 'face' && e.type === 'check.answered') playCue(cue, document.body);
      }
  }
  updateEmpty();
}

function addEntry(list, el, at) {
  const t = new Date(at).getTime();
  place(list, el, Number.isNaN(t) ? Date.now() : t);
}

function markRemoved(readerId) {
  const reading = [...$('feed').querySelectorAll('.entry.reading')].find((r) => r.dataset.reader === (readerId ?? ''));
  if (reading && !reading.classList.contains('removed')) {
    reading.classList.add('removed');
    reading.append(h('p', { class: 'hint', text: 'カードは取り出されました' }));
  }
}

/** Shows a check at once from what is known, then as the gateway has it (answer, and the chart diff). */
const fetching = new Map(); // checkId -> the newest request's number: an older answer never overwrites it

async function showCheck(summary, changed) {
  const list = $('feed');
  const n = (fetching.get(summary.id) ?? 0) + 1;
  fetching.set(summary.id, n);
  const key = 'check:' + summary.id;
  if (!list.querySelector('[data-key="' + CSS.escape(key) + '"]')) addEntry(list, checkEntry(summary), summary.requestedAt);
  let check;
  try {
    const full = await api('GET', '/api/v1/qualification-checks/' + encodeURIComponent(summary.id));
    // The check names its patient in its request (asked for one) or the listing does (assigned later).
    check = { ...full, chartPatientId: full.chartPatientId ?? summary.chartPatientId ?? full.request?.chartPatientId };
  } catch (e) {
    return;
  }
  let diff = null;
  let noChartRecord = false;
  if (check.chartPatientId && check.state === 'ANSWERED') {
    try {
      diff = await api('GET', '/api/v1/qualification-checks/' + encodeURIComponent(check.id) + '/insurance-diff');
    } catch (e) {
      noChartRecord = e.status === 404;
    }
  }
  if (fetching.get(summary.id) !== n) return;
  addEntry(list, checkEntry(check, diff, { changed, noChartRecord }), check.requestedAt);
  if (!check.chartPatientId && check.state === 'ANSWERED' && check.source !== 'api') showUnassigned(check);
  else removeTodo('unassigned:' + check.id);
  updateEmpty();
}

function showTask(task) {
  if (!task?.id) return;
  const key = 'task:' + task.id;
  if ($('todo').querySelector('[data-key="' + CSS.escape(key) + '"]')) return;
  addEntry($('todo'), taskItem(task, api, (t, pid) => {
    removeTodo(key);
    addEntry($('feed'), noteEntry('linked:' + t.id, new Date().toISOString(), 'カードの紐付け',
      'カードを患者ID ' + pid + ' に紐付けました。次にカードを置くと資格確認します。', 'ok'), Date.now());
  }), task.presentedAt ?? task.createdAt);
  updateEmpty();
}

function showUnassigned(check) {
  const key = 'unassigned:' + check.id;
  if ($('todo').querySelector('[data-key="' + CSS.escape(key) + '"]')) return;
  addEntry($('todo'), readingItem(check, api, (c, pid) => {
    removeTodo(key);
    showCheck({ ...c, chartPatientId: pid });
  }), check.requestedAt);
  updateEmpty();
}

function removeTodo(key) {
  $('todo').querySelector('[data-key="' + CSS.escape(key) + '"]')?.remove();
  updateEmpty();
}

function updateEmpty() {
  $('feed-empty').hidden = $('feed').children.length > 0;
  $('todo-empty').hidden = $('todo').children.length > 0;
}

// ------------------------------------------------------------------ the cue setting and the keyboard

const dialog = $('settings');
$('open-settings').addEventListener('click', () => {
  unlockAudio();
  $('cue-sound').checked = cue.sound;
  $('cue-flash').checked = cue.flash;
  $('cue-volume').value = String(cue.volume);
  dialog.showModal();
});
const saveSettings = () => {
  cue = { sound: $('cue-sound').checked, flash: $('cue-flash').checked, volume: Number($('cue-volume').value) };
  saveCue(cue);
};
for (const id of ['cue-sound', 'cue-flash', 'cue-volume']) $(id).addEventListener('change', saveSettings);
$('cue-try').addEventListener('click', () => {
  saveSettings();
  unlockAudio();
  playCue(cue, document.body);
});

document.addEventListener('keydown', (ev) => {
  if (!ev.altKey || $('deskview').hidden) return;
  if (ev.key === 's' || ev.key === 'S') {
    ev.preventDefault();
    $('open-settings').click();
  } else if (ev.key === 'n' || ev.key === 'N') {
    ev.preventDefault();
    $('feed').firstElementChild?.focus();
  } else if (ev.key === 't' || ev.key === 'T') {
    ev.preventDefault();
    $('todo').querySelector('input, button')?.focus();
  }
});

if (session.get()) open();
else signOut();
