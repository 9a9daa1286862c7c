// DOM helpers for every screen. Text from OQS, the gateway or users is only ever set with textContent:
// no markup is ever parsed from data (the CSP forbids inline script and style as a second line).

/** An element; `text` becomes its textContent, other keys are attributes (class, id, aria-*, data-*…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

/** "label: value" as a definition-list pair, or nothing when the value is empty. */
export function pair(label, value, cls) {
  if (value === undefined || value === null || value === '') return [];
  return [h('dt', { text: label }), h('dd', { text: value, class: cls })];
}

const TIME = new Intl.DateTimeFormat('ja-JP', {
  hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Tokyo',
});
const DATE_TIME = new Intl.DateTimeFormat('ja-JP', {
  month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo',
});

/** 09:41:05 (today) or 6/2 09:41 (another day), in Japan time. */
export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date().toDateString() === d.toDateString();
  return sameDay ? TIME.format(d) : DATE_TIME.format(d);
}

/** "3分" / "1時間5分" / "12秒": how long ago, in words staff read at a glance. */
export function ago(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return s + '秒';
  const m = Math.floor(s / 60);
  if (m < 60) return m + '分';
  return Math.floor(m / 60) + '時間' + (m % 60 ? (m % 60) + '分' : '');
}

/** Shows a message in the element (role=status/alert set in the HTML), empty to clear. */
export function say(el, message, kind) {
  el.textContent = message ?? '';
  el.className = 'message' + (kind ? ' ' + kind : '');
  el.hidden = !message;
}
