// 訪問計画: what a visit's re-inquiry status means, in plain Japanese. The gateway's own sentences
// (reinquiry.message, an alert item's message) are shown as they come; only codes are translated here.
// Callers set these strings with textContent.

/** What the last run did for the patient (lastRun.outcome). */
const OUTCOME_WORDS = {
  unchanged: { word: '再照会済み・変更なし', tone: 'ok' },
  changed: { word: '再照会済み・変更あり', tone: 'warn' },
  'refused-by-oqs': { word: 'オンライン資格確認が再照会を拒否しました', tone: 'ng' },
  failed: { word: '再照会できませんでした（応答なし・連携の失敗）', tone: 'ng' },
  'not-eligible': { word: '対象外のため再照会していません', tone: 'warn' },
  'no-numbers': { word: '保険の情報がないため再照会していません', tone: 'warn' },
  'branch-missing': { word: '枝番がないため再照会していません', tone: 'warn' },
};

/** An alert item's kind, as a short heading (its message says the rest). */
export const ALERT_KIND_WORDS = {
  'qualification-lost': '資格喪失',
  'insurer-changed': '保険者が変わりました',
  'copay-changed': '負担割合が変わりました',
  'limit-category-changed': '限度額適用区分が変わりました',
  'consent-withdrawn': '同意が取り消されました',
  'consent-expiring': '同意の期限が近づいています',
  'window-ending': '再照会できる期間が終わります',
  'claims-missing': '請求の記録がありません',
};

const BLOCKED_WORDS = {
  'no-numbers': '保険の情報がまだありません。紐付けるか、一度資格確認をしてください。',
  'branch-missing': '枝番が必要です（後期高齢者・生活保護を除く）。カルテの保険情報に枝番を入れてください。',
};

/**
 * The status of a listed visit: {word, tone, lines[]} — tone ok | warn | ng — from its reinquiry and,
 * when present, its lastRun (and the lastRun's alert items, one line each).
 */
export function visitStatus(visit) {
  const r = visit.reinquiry ?? {};
  const run = visit.lastRun;
  const lines = [];
  let status;
  const items = run?.alert?.items ?? [];
  if (run?.outcome) {
    status = OUTCOME_WORDS[run.outcome] ?? { word: run.outcome, tone: 'warn' };
  } else if (items.length) {
    status = { word: 'お知らせがあります', tone: 'warn' };
  } else if (r.eligible === false) {
    status = { word: '再照会の対象外', tone: 'warn' };
  } else if (r.blocked && BLOCKED_WORDS[r.blocked]) {
    status = { word: '再照会できません', tone: 'warn' };
    lines.push(BLOCKED_WORDS[r.blocked]);
  } else {
    status = { word: '再照会できます（まだしていません）', tone: 'ok' };
  }
  if (r.eligible === false && r.message) lines.unshift(r.message);
  for (const item of items) {
    lines.push((ALERT_KIND_WORDS[item.kind] ?? item.kind) + ': ' + (item.message ?? ''));
    if (item.kind === 'qualification-lost') status = { word: '資格喪失', tone: 'ng' };
  }
  if (run?.outcome === 'changed' && !items.length) lines.push('変更の内容は資格確認の結果で確認してください。');
  return { ...status, lines };
}

/** A job's state, for the nightly run's line. */
export const JOB_STATE_WORDS = { planned: '開始待ち', running: '実行中', done: '完了', failed: '失敗' };
