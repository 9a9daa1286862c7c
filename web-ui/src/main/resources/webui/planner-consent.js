// 訪問計画: a patient's home-visit relationships and the consent under each, read when a person opens the
// row's 「同意と訪問の関係」 (GET /api/v1/home-visit-relationships?chartPatientId=), never before.
import { h, clock } from './dom.js';

const KIND_WORDS = { drug: '薬剤情報', clinical: '診療情報', 'health-check': '特定健診情報', surgery: '手術情報' };
const FLAG_WORDS = { 1: '同意あり', 2: '期限切れ', 0: '同意なし' };

function kindLine(kind, k) {
  const until = k.availableUntil ? '（' + clock(k.availableUntil) + ' まで）' : '';
  return (KIND_WORDS[kind] ?? kind) + ': ' + (FLAG_WORDS[k.flag] ?? String(k.flag ?? '不明')) + (String(k.flag) === '1' ? until : '');
}

function relationshipLines(r) {
  const lines = [(r.careFormLabel ?? r.careForm) + '　初回訪問 ' + r.firstVisitDate + (r.active ? '' : '　終了 ' + (r.endedOn ?? ''))];
  if (r.consentWithdrawal) lines.push('同意は ' + r.consentWithdrawal.withdrawnOn + ' に取り消されています');
  const kinds = Object.entries(r.consent?.kinds ?? {});
  if (kinds.length) lines.push(...kinds.map(([kind, k]) => kindLine(kind, k ?? {})));
  else if (!r.consentWithdrawal) lines.push('マイナ保険証での同意の記録はまだありません');
  return lines;
}

/** A closed <details>; its content is read the first time it is opened. */
export function consentDetails(api, chartPatientId) {
  const body = h('ul', { class: 'why' });
  const details = h('details', { class: 'consent' }, h('summary', { text: '同意と訪問の関係' }), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.replaceChildren(h('li', { text: '読み込んでいます…' }));
    try {
      const all = (await api('GET', '/api/v1/home-visit-relationships?chartPatientId=' + encodeURIComponent(chartPatientId)))?.relationships ?? [];
      const lines = all.length ? all.flatMap(relationshipLines) : ['訪問の関係は記録されていません'];
      body.replaceChildren(...lines.map((t) => h('li', { text: t })));
    } catch (e) {
      loaded = false;
      body.replaceChildren(h('li', { text: '読み込めませんでした: ' + e.message }));
    }
  });
  return details;
}
