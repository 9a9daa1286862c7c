// 訪問計画 「紐付け待ち」: patients who consented at home and matched several chart patients or none
// (GET /api/v1/consented-imports/queue). A person links one (a candidate, or any patient id typed in) or
// dismisses it with a reason; nothing is guessed. Text from OQS (kana) is set with textContent.
import { h, say } from './dom.js';
import { candidateList, manualLink } from './todo.js';

const RETRIEVAL_WORDS = { OQSmuhvq: '訪問診療等', OQSmuonq: 'オンライン診療等', OQSmutic: '医療扶助' };
const MATCH_WORDS = {
  kanaAndBirthdate: 'カナ氏名と生年月日が一致する患者さんが複数います',
  none: '一致する患者さんがいません',
  heldByAnother: '一致した患者さんの資格は別の患者さんに紐付いています',
  referenceNumber: '照会番号が一致',
};

/** The waiting items; `changed` is called after a link or a dismissal with the item gone. */
export async function loadQueue(api, list, empty, changed) {
  const items = [];
  let cursor = null;
  do { // every page (500 at a time), up to a bound no clinic's queue reaches
    const q = await api('GET', '/api/v1/consented-imports/queue?limit=500'
      + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...(q?.items ?? []));
    cursor = q?.nextCursor ?? null;
  } while (cursor && items.length < 5000);
  list.replaceChildren(...items.map((item) => queueItem(item, api, () => {
    list.querySelector('[data-item="' + CSS.escape(item.id) + '"]')?.remove();
    empty.hidden = list.children.length > 0;
    changed();
  })));
  empty.hidden = items.length > 0;
  return items;
}

function queueItem(item, api, gone) {
  const prefix = 'q' + item.id.slice(0, 8);
  const msg = h('p', { class: 'message', role: 'alert', hidden: true });
  const fail = (what) => (e) => say(msg, what + ': ' + (e.status === 409 ? 'すでに決まっているか、この資格は別の患者さんに紐付いています。' : e.message), 'ng');
  const link = (pid) => api('POST', '/api/v1/consented-imports/queue/' + encodeURIComponent(item.id) + '/link', { chartPatientId: pid })
    .then(gone, fail('紐付けできませんでした'));
  const reason = h('input', { id: prefix + '-reason', required: true, maxlength: '200', autocomplete: 'off' });
  const dismiss = h('form', { class: 'manual', on: { submit: (ev) => {
    ev.preventDefault();
    api('POST', '/api/v1/consented-imports/queue/' + encodeURIComponent(item.id) + '/dismiss', { reason: reason.value.trim() })
      .then(gone, fail('対象外にできませんでした'));
  } } }, h('label', { for: prefix + '-reason', text: '理由' }), reason, h('button', { type: 'submit', text: '対象外にする' }));
  return h('li', { class: 'entry task', 'data-item': item.id },
    h('p', { class: 'entry-head' },
      h('span', { class: 'kind', text: '同意日 ' + (item.consentDate ?? '不明') }),
      h('span', { class: 'meta', text: RETRIEVAL_WORDS[item.retrieval] ?? item.retrieval ?? '' })),
    h('p', { class: 'person' },
      h('span', { class: 'kana', text: item.nameKana ?? '（カナ氏名なし）' }),
      h('span', { class: 'birth', text: '生年月日 ' + (item.birthdate ?? '不明') })),
    h('p', { class: 'hint', text: MATCH_WORDS[item.matchedBy] ?? '' }),
    candidateList(item.candidates ?? [], link), manualLink(prefix, link), dismiss, msg);
}
