// System status for staff: polls the API's status endpoint. Text is set with textContent only.
const LABELS = {
  database: 'データベース',
  'oqs-folders': '資格確認端末の連携フォルダ',
  'oqs-link': '資格確認端末の連携プログラム',
  servers: 'ゲートウェイの起動',
};
const OK_TEXT = {
  database: '応答しています',
  'oqs-folders': '読み書きでき、空き容量も十分です',
  'oqs-link': '要求ファイルを受け取っています',
  servers: 'すべての窓口が受け付けています',
};
// A failed check keeps its technical reason (for the person the staff will call) after a plain instruction.
const NG_PREFIX = '担当者に連絡してください: ';
const REFRESH_MS = 10000;

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(status) {
  const overall = document.getElementById('overall');
  const up = status.status === 'UP';
  overall.textContent = up ? '正常に稼働しています' : '要確認: 利用できない項目があります';
  overall.className = 'overall ' + (up ? 'up' : 'down');
  const body = document.querySelector('#checks tbody');
  body.replaceChildren(...status.checks.map((c) => {
    const tr = document.createElement('tr');
    const ok = c.status === 'UP';
    const detail = ok ? (OK_TEXT[c.name] ?? '') : NG_PREFIX + (c.reason ?? '');
    tr.append(cell(LABELS[c.name] ?? c.name), cell(ok ? '正常' : '異常', ok ? 'up' : 'down'),
      cell(detail));
    return tr;
  }));
  document.getElementById('version').textContent = status.version;
}

function renderUnreachable() {
  const overall = document.getElementById('overall');
  overall.textContent = 'ゲートウェイに接続できません';
  overall.className = 'overall down';
}

async function refresh() {
  try {
    const res = await fetch('/api/v1/system/status', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    render(await res.json());
  } catch (e) {
    renderUnreachable();
  }
  document.getElementById('checked-at').textContent = new Date().toLocaleTimeString('ja-JP');
}

document.getElementById('refresh').addEventListener('click', refresh);
refresh();
setInterval(refresh, REFRESH_MS);
