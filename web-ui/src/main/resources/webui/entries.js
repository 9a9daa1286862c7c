// The reception screen's entries: one per card reading, check, card problem or note, built from data with
// textContent only. Each entry is keyed (check:<id>, reading:<eventId>…) so an event seen again, or a state
// reload that overlaps the live feed, updates the entry instead of adding a second one.
import { h, pair, clock, ago } from './dom.js';
import {
  validityWords, firstResult, copayPercent, ratioWords, incomeClassWords, limitWords, specificDiseaseWords,
  nextStep, refusalNextStep, FIELD_LABELS, SEVERITY_WORDS, SOURCE_WORDS, valueWords,
} from './words.js';

/** Puts `el` in `list` by `at` (ms), newest first; replaces the entry with the same key in place. */
export function place(list, el, at) {
  el.dataset.at = String(at);
  const old = [...list.children].find((c) => c.dataset.key === el.dataset.key);
  if (old) {
    el.dataset.at = old.dataset.at;
    old.replaceWith(el);
    return false;
  }
  const after = [...list.children].find((c) => Number(c.dataset.at) <= at);
  list.insertBefore(el, after ?? null);
  return true;
}

function head(time, kind, extra) {
  return h('p', { class: 'entry-head' },
    h('span', { class: 'time', text: clock(time) }),
    h('span', { class: 'kind', text: kind }),
    ...extra.filter(Boolean).map((t) => h('span', { class: 'meta', text: t })));
}

/** A card placed on the desk's reader (card.inserted). */
export function readingEntry(e) {
  const d = e.data ?? {};
  const li = h('li', { class: 'entry reading', 'data-key': 'reading:' + (d.eventId ?? e.id), tabindex: '-1' },
    head(d.occurredAt ?? e.occurredAt, 'カード読み取り', [d.readerId && 'リーダー ' + d.readerId]),
    h('p', { class: 'verdict wait', text: d.cardType === 'other' ? 'マイナンバーカード以外のカードです' : 'カードが置かれました。暗証番号の入力のあと、資格確認の結果が表示されます。' }));
  li.dataset.reader = d.readerId ?? '';
  return li;
}

/** A card problem the receptionist must tell the patient about (card.error). */
export function cardErrorEntry(e, words) {
  const d = e.data ?? {};
  const left = d.pinTriesLeft !== undefined ? '（残り ' + d.pinTriesLeft + ' 回）' : '';
  return h('li', { class: 'entry card-error', 'data-key': 'card-error:' + (d.eventId ?? e.id), tabindex: '-1' },
    head(d.occurredAt ?? e.occurredAt, 'カードの問題', [d.readerId && 'リーダー ' + d.readerId]),
    h('p', { class: 'verdict ng', text: (words[d.kind] ?? 'カードを確認してください') + left }));
}

/** A one-line note (a card linked, OQS refused a home-visit re-inquiry…). */
export function noteEntry(key, time, kind, text, tone = 'info') {
  return h('li', { class: 'entry note', 'data-key': key, tabindex: '-1' },
    head(time, kind, []), h('p', { class: 'verdict ' + tone, text }));
}

/** A qualification check as the desk needs it; `check` is the full check or a summary, `diff` optional. */
export function checkEntry(check, diff, extra = {}) {
  const li = h('li', { class: 'entry check', 'data-key': 'check:' + check.id, tabindex: '-1',
    'data-state': check.state ?? '' });
  li.append(head(check.requestedAt, '資格確認', [
    SOURCE_WORDS[check.source] ?? check.source,
    check.reader && check.reader !== 'face' ? 'リーダー ' + check.reader : null,
    check.chartPatientId ? '患者ID ' + check.chartPatientId : (check.source !== 'api' ? '患者未割当' : null),
  ]));
  if (check.state === 'WAITING' || (!check.qualification && !check.failure && check.state !== 'FAILED')) {
    li.append(h('p', { class: 'verdict wait', text: '確認中…' }));
    return li;
  }
  if (check.state === 'FAILED') {
    li.append(failure(check));
    return li;
  }
  if (check.state === 'STALE_QUEUED') li.append(staleNotice(check));
  if (check.qualification) li.append(...answer(check, diff));
  if (extra.changed) li.append(h('p', { class: 'changed', text: '再確認で資格情報が変わりました: ' + extra.changed }));
  if (diff) li.append(diffSection(diff));
  else if (extra.noChartRecord) li.append(h('p', { class: 'hint', text: 'カルテの保険情報が届いていないため、違いは比べていません。' }));
  return li;
}

function failure(check) {
  const f = check.failure ?? {};
  return h('div', { class: 'failure' },
    h('p', { class: 'verdict ng', text: '資格確認できませんでした' }),
    f.message ? h('p', { class: 'why', text: f.message }) : null,
    h('p', { class: 'next', text: '次にすること: ' + nextStep(f.reason) }));
}

function staleNotice(check) {
  return h('div', { class: 'stale' },
    h('p', { class: 'verdict warn', text: '資格確認端末に接続できないため、前回の結果を表示しています' }),
    check.staleAnsweredAt ? h('p', { class: 'why', text: '前回の結果: ' + clock(check.staleAnsweredAt) + '（' + ago(check.staleAnsweredAt) + '前）' }) : null,
    check.guidance ? h('p', { class: 'next', text: check.guidance }) : null);
}

function answer(check, diff) {
  const q = check.qualification;
  const status = q.processingResultStatus;
  if ((status?.code ?? status) === '2') {
    return [h('div', { class: 'failure' },
      h('p', { class: 'verdict ng', text: 'オンライン資格確認システムがエラーを返しました' }),
      h('p', { class: 'why', text: [q.processingResultCode, q.processingResultMessage].filter(Boolean).join(' ') }),
      h('p', { class: 'next', text: '次にすること: ' + refusalNextStep() }))];
  }
  const v = validityWords(check);
  const r = firstResult(check) ?? {};
  // OQS states the ratio for 後期高齢者 and 高齢受給者 only; otherwise the gateway's proposal derives it (age).
  const copay = copayPercent(r) ?? diff?.proposal?.record?.copayPercent;
  const diseases = specificDiseaseWords(r);
  const facts = h('dl', { class: 'facts' },
    pair('氏名', [r.name, r.nameKana].filter(Boolean).join('　')),
    pair('保険者', [r.insurerName, r.insurerNumber && '（' + r.insurerNumber + '）'].filter(Boolean).join('')),
    pair('負担割合', ratioWords(copay)),
    pair('所得区分', incomeClassWords(r)),
    pair('限度額', limitWords(r)),
    pair('特定疾病', diseases.join('、')));
  return [h('p', { class: 'verdict ' + v.tone },
    h('span', { class: 'word', text: v.word }),
    v.reason ? h('span', { class: 'reason', text: v.reason }) : null), facts];
}

function diffSection(diff) {
  const section = h('section', { class: 'diff' + (diff.blocking ? ' blocking' : '') });
  if (diff.identical || !diff.differences?.length) {
    section.append(h('p', { class: 'same', text: 'カルテの保険情報と同じです' }));
    return section;
  }
  section.append(h('h3', { text: 'カルテとの違い（' + diff.differences.length + '件）' }));
  const rows = diff.differences.map((d) => h('tr', { class: 'sev-' + String(d.severity).toLowerCase() },
    h('th', { scope: 'row', text: FIELD_LABELS[d.field] ?? d.field }),
    h('td', { class: 'chart-value', text: d.chartValue ?? '' }),
    h('td', { class: 'oqs-value', text: d.oqsValue ?? '' }),
    h('td', { class: 'sev', text: SEVERITY_WORDS[d.severity] ?? d.severity }),
    h('td', { class: 'msg', text: d.message ?? '' })));
  section.append(h('table', { class: 'diff-table' },
    h('thead', {}, h('tr', {}, ...['項目', 'カルテ', '資格確認', '', '内容'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, ...rows)));
  section.append(proposal(diff.proposal ?? {}, diff.differences.map((d) => RECORD_KEY[d.field] ?? d.field)));
  return section;
}

/** The record's key for a difference's field, where they are named differently. */
const RECORD_KEY = {
  copayRatio: 'copayPercent', elderlyRecipientRatio: 'elderlyRecipientPercent', specificDisease: 'specificDiseases',
  medicalAidPayerNumber: 'medicalAid', medicalAidRecipientNumber: 'medicalAid',
};

function proposal(p, fields) {
  const changed = new Set(fields);
  const record = p.record ?? {};
  const box = h('div', { class: 'proposal' }, h('h3', { text: 'カルテの変更案' }));
  if (p.newInsurance) {
    box.append(h('p', { class: 'new-insurance', text: '新しい保険として登録し、今の保険は' +
      (p.previous?.validTo ? ' ' + p.previous.validTo + ' で' : '') + '終了します。' }));
  }
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of Object.entries(record)) {
    const words = valueWords(k, v);
    if (words) dl.append(...pair(FIELD_LABELS[k] ?? k, words, changed.has(k) ? 'changed' : undefined));
  }
  if (p.validFrom) dl.append(...pair('適用開始', p.validFrom));
  box.append(dl);
  // OQS's address is the one the insurer holds, maybe out of date: confirmed with the patient, never copied.
  if (p.address?.confirm) {
    dl.querySelectorAll('dt').forEach((dt) => {
      if (dt.textContent === FIELD_LABELS.address) dt.nextElementSibling?.classList.add('to-confirm');
    });
    box.append(h('p', { class: 'confirm-address', role: 'note', text: '住所は要確認：' + p.address.message }));
  }
  return box;
}
