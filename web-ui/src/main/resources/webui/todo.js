// The desk's to-do list: cards proven with their PIN that no chart patient holds yet (card-link tasks:
// search by kana + birth date, link with one action) and readings no patient was assigned to (their
// candidates by 照会番号, then kana + birth date). Every action is a button or a form: keyboard-operable.
// The candidate list and the link-by-id form serve the 訪問計画 screen's queue too.
import { h, clock, say } from './dom.js';
import { withQuery } from './rest.js';
import { TASK_REASON_WORDS } from './words.js';

const ID_PATTERN = '[A-Za-z0-9._\\-]{1,50}';

export function candidateList(candidates, onLink) {
  if (!candidates.length) return h('p', { class: 'hint', text: '該当する患者さんは見つかりませんでした。患者IDを入力して紐付けられます。' });
  return h('ul', { class: 'candidates' }, ...candidates.map((c) => {
    const id = c.chartPatientId ?? c;
    const how = { referenceNumber: '照会番号が一致', kanaAndBirthdate: 'カナ氏名と生年月日が一致' }[c.source] ?? '';
    return h('li', {},
      h('span', { class: 'patient', text: '患者ID ' + id }),
      how ? h('span', { class: 'meta', text: how }) : null,
      h('button', { type: 'button', class: 'primary link', 'data-patient': id, text: 'この患者に紐付け',
        on: { click: () => onLink(id) } }));
  }));
}

export function manualLink(prefix, onLink) {
  const input = h('input', { id: prefix + '-pid', required: true, pattern: ID_PATTERN, maxlength: '50',
    autocomplete: 'off', spellcheck: 'false' });
  return h('form', { class: 'manual', on: { submit: (ev) => { ev.preventDefault(); onLink(input.value.trim()); } } },
    h('label', { for: prefix + '-pid', text: '患者IDで紐付け' }), input,
    h('button', { type: 'submit', text: '紐付け' }));
}

/** A card-link task: who to link the card to, found by kana + birth date, or typed in. */
export function taskItem(task, api, done) {
  const key = 'task:' + task.id;
  const prefix = 't' + task.id.slice(0, 8);
  const msg = h('p', { class: 'message', role: 'alert', hidden: true });
  const results = h('div', { class: 'results' });
  const link = async (pid) => {
    try {
      await api('POST', '/api/v1/card-link-tasks/' + encodeURIComponent(task.id) + '/link', { chartPatientId: pid });
      done(task, pid);
    } catch (e) {
      say(msg, e.status === 409 ? 'このカードは別の患者さんに紐付け済みです。' : '紐付けできませんでした: ' + e.message, 'ng');
    }
  };
  const kana = h('input', { id: prefix + '-kana', required: true, maxlength: '100', autocomplete: 'off', spellcheck: 'false', lang: 'ja' });
  const birth = h('input', { id: prefix + '-birth', type: 'date', required: true });
  const search = h('form', { class: 'search', on: { submit: async (ev) => {
    ev.preventDefault();
    say(msg, '');
    try {
      const found = await api('GET', withQuery('/api/v1/card-link-tasks/' + encodeURIComponent(task.id) + '/candidates',
        { kana: kana.value.trim(), birthDate: birth.value }));
      results.replaceChildren(candidateList(found?.candidates ?? [], link));
    } catch (e) {
      say(msg, '検索できませんでした: ' + e.message, 'ng');
    }
  } } },
  h('label', { for: prefix + '-kana', text: 'カナ氏名' }), kana,
  h('label', { for: prefix + '-birth', text: '生年月日' }), birth,
  h('button', { type: 'submit', text: '患者を探す' }));
  return h('li', { class: 'entry task', 'data-key': key, tabindex: '-1' },
    h('p', { class: 'entry-head' },
      h('span', { class: 'time', text: clock(task.presentedAt ?? task.createdAt) }),
      h('span', { class: 'kind', text: 'カードの紐付け' }),
      task.reader ? h('span', { class: 'meta', text: 'リーダー ' + task.reader }) : null),
    h('p', { class: 'verdict warn', text: TASK_REASON_WORDS[task.reason] ?? '患者さんを選んで紐付けてください。' }),
    search, results, manualLink(prefix, link), msg);
}

/** A reading with no patient: its candidates, and one action to assign it. */
export function readingItem(check, api, done) {
  const key = 'unassigned:' + check.id;
  const prefix = 'u' + check.id.slice(0, 8);
  const msg = h('p', { class: 'message', role: 'alert', hidden: true });
  const results = h('div', { class: 'results' }, h('p', { class: 'hint', text: '候補を探しています…' }));
  const link = async (pid) => {
    try {
      await api('PUT', '/api/v1/patients/' + encodeURIComponent(pid) + '/links/' + encodeURIComponent(check.id));
      done(check, pid);
    } catch (e) {
      say(msg, e.status === 409 ? 'この資格は別の患者さんに紐付いています: ' + e.message : '紐付けできませんでした: ' + e.message, 'ng');
    }
  };
  api('GET', '/api/v1/qualification-checks/' + encodeURIComponent(check.id) + '/candidates')
    .then((c) => results.replaceChildren(candidateList(c?.candidates ?? [], link)))
    .catch((e) => results.replaceChildren(h('p', { class: 'hint', text: '候補を出せません: ' + e.message })));
  return h('li', { class: 'entry unassigned', 'data-key': key, tabindex: '-1' },
    h('p', { class: 'entry-head' },
      h('span', { class: 'time', text: clock(check.requestedAt) }),
      h('span', { class: 'kind', text: '患者未割当の読み取り' }),
      check.reader && check.reader !== 'face' ? h('span', { class: 'meta', text: 'リーダー ' + check.reader }) : null,
      check.source === 'face' ? h('span', { class: 'meta', text: '顔認証' }) : null),
    h('p', { class: 'verdict warn', text: 'どの患者さんの資格か選んでください。' }),
    results, manualLink(prefix, link), msg);
}
