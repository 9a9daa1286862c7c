// 運用: the terminal link, exchanges waiting or in doubt (with the retry a person decides on), recent
// failures, reader agents per desk, webhook delivery, running jobs, and the demo's virtual card. Signed in
// with an ops token pasted once and kept in sessionStorage; live over the same feed as the desks.
import { h, pair, clock, ago, say } from './dom.js';
import { withQuery } from './rest.js';
import { PastedTokenScreen } from './signin.js';
import { showJobProgress } from './jobs.js';

const $ = (id) => document.getElementById(id);
let reloadTimer = null;

const LINK_WORDS = { UP: '正常に連携しています', DOWN: '停止しています', UNKNOWN: '確認中' };
const STATE_WORDS = { PENDING: '応答待ち', OUTCOME_UNKNOWN: '結果不明', FAILED: '失敗', ANSWERED: '完了' };
const EVENT_WORDS = {
  'terminal.link.down': '資格確認端末との連携が止まりました', 'terminal.link.up': '資格確認端末との連携が戻りました',
  'agent.connected': '受付PCが接続しました', 'agent.disconnected': '受付PCの接続が切れました',
  'webhook.given-up': 'Webhook の配信をあきらめました', 'check.failed': '資格確認が失敗しました',
  'reader.status': 'カードリーダーの状態が変わりました', 'job.progress': '処理が進みました',
};

const screen = new PastedTokenScreen({
  storageKey: 'oqsgw.ops',
  shown: ['opsview', 'sign-out', 'refresh'],
  check: (call) => call('GET', '/api/v1/ops/overview'),
  forbidden: 'このトークンには運用（ops）の権限がありません。',
  subscription: {},
  onEvent,
  reload,
});
const api = screen.api;

$('refresh').addEventListener('click', () => reload());

async function reload() {
  try {
    renderOverview(await api('GET', '/api/v1/ops/overview'));
  } catch (e) {
    return;
  }
  await loadExchanges();
}

function renderOverview(o) {
  const link = o.link ?? {};
  const ls = $('link-state');
  ls.textContent = LINK_WORDS[link.state] ?? link.state ?? '不明';
  ls.className = 'verdict ' + (link.state === 'UP' ? 'ok' : link.state === 'DOWN' ? 'ng' : 'warn');
  $('link-facts').replaceChildren(
    ...pair('この状態になった時刻', link.since ? clock(link.since) + '（' + ago(link.since) + '前）' : ''),
    ...pair('最後に正常に往復した時刻', link.lastGoodRoundTripAt ? clock(link.lastGoodRoundTripAt) + '（' + ago(link.lastGoodRoundTripAt) + '前）' : 'まだありません'),
    ...pair('要求ファイルの取り込み待ち', link.pickupDelayMs !== undefined && link.pickupDelayMs !== null ? link.pickupDelayMs + ' ms' : ''));
  const ex = o.exchanges ?? {};
  $('ex-facts').replaceChildren(
    ...pair('応答待ち', String(ex.pending ?? 0) + ' 件'),
    ...pair('結果不明', String(ex.outcomeUnknown ?? 0) + ' 件', ex.outcomeUnknown ? 'ng' : undefined),
    ...pair('最も古い応答待ち', ex.oldestPendingSeconds ? ex.oldestPendingSeconds + ' 秒' : ''));
  rows('failures', 'fail-empty', (o.recentFailures ?? []).map((f) => [clock(f.at), f.kind, f.failureReason, f.checkId]));
  rows('agents', 'agents-empty', (o.agents ?? []).map((a) => [a.agentId, (a.deskIds ?? []).join('、'),
    a.connectedSince ? clock(a.connectedSince) + ' から' : '接続中']));
  const w = o.webhooks ?? {};
  $('hooks-facts').replaceChildren(
    ...pair('有効な購読', String(w.activeSubscriptions ?? 0)),
    ...pair('未配信', String(w.undelivered ?? 0) + ' 件', w.undelivered ? 'warn' : undefined),
    ...pair('最も古い未配信', w.oldestUndeliveredSeconds ? w.oldestUndeliveredSeconds + ' 秒' : ''),
    ...pair('24時間であきらめた配信', String(w.givenUp24h ?? 0) + ' 件', w.givenUp24h ? 'ng' : undefined));
  $('demo').hidden = !o.demo?.virtualCard;
}

function rows(tableId, emptyId, data) {
  $(tableId).querySelector('tbody').replaceChildren(...data.map((cells) =>
    h('tr', {}, ...cells.map((c) => h('td', { text: c ?? '' })))));
  $(emptyId).hidden = data.length > 0;
}

async function loadExchanges() {
  const lists = await Promise.all(['PENDING', 'OUTCOME_UNKNOWN', 'FAILED'].map((state) =>
    api('GET', withQuery('/api/v1/oqs-exchanges', { state, limit: 20 })).catch(() => null)));
  const items = lists.flatMap((l) => l?.exchanges ?? []);
  $('exchanges').querySelector('tbody').replaceChildren(...items.map(exchangeRow));
  $('ex-empty').hidden = items.length > 0;
}

function exchangeRow(x) {
  const id = x.id;
  const at = x.writtenAt ?? x.createdAt ?? x.at;
  const cells = [clock(at), x.kind + (x.probe ? '（疎通確認）' : ''), STATE_WORDS[x.state] ?? x.state, x.failureClass ?? x.failureReason ?? x.failure ?? ''];
  const tr = h('tr', { 'data-id': id }, ...cells.map((c) => h('td', { text: c ?? '' })));
  const td = h('td');
  if ((x.state === 'OUTCOME_UNKNOWN' || x.state === 'FAILED') && !x.probe && !x.retriedBy) {
    // Sending again is a person's decision: the first press asks, the second sends.
    const b = h('button', { type: 'button', class: 'retry', text: '再送…' });
    b.addEventListener('click', async () => {
      if (!b.classList.contains('armed')) {
        b.classList.add('armed');
        b.textContent = '本当に再送する';
        return;
      }
      b.disabled = true;
      try {
        const next = await api('POST', '/api/v1/oqs-exchanges/' + encodeURIComponent(id) + '/retry');
        say($('ex-msg'), '再送しました（新しい照会 ' + (next?.id ?? '') + '）', 'ok');
        loadExchanges();
      } catch (e) {
        say($('ex-msg'), '再送できませんでした: ' + e.message, 'ng');
        b.disabled = false;
      }
    });
    td.append(b);
  }
  tr.append(td);
  return tr;
}

function onEvent(e) {
  const d = e.data ?? {};
  if (e.type === 'job.progress') return jobProgress(e);
  const what = EVENT_WORDS[e.type] ?? e.type;
  const detail = [d.agentId, (d.deskIds ?? []).join('、'), d.reason, d.failureReason, d.eventType].filter(Boolean).join(' ');
  const log = $('log');
  log.prepend(h('li', {}, h('span', { class: 'time', text: clock(e.occurredAt) }), h('span', { text: what }),
    detail ? h('span', { class: 'meta', text: detail }) : null));
  while (log.children.length > 50) log.lastElementChild.remove();
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(reload, 300);
}

/** job.progress: {jobId, kind, done, total, state}. */
function jobProgress(e) {
  showJobProgress($('jobs'), e.data ?? {});
  $('jobs-empty').hidden = $('jobs').children.length > 0;
}

for (const action of ['insert', 'remove']) {
  $('demo-' + action).addEventListener('click', async () => {
    try {
      await api('POST', '/api/v1/demo/virtual-card', { action });
      say($('demo-msg'), action === 'insert' ? 'カードを置きました' : 'カードを取り出しました', 'ok');
    } catch (e) {
      say($('demo-msg'), '操作できませんでした: ' + e.message, 'ng');
    }
  });
}

screen.start();
