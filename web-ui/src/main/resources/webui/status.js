// System status for staff: polls the API's status endpoint. Text is set with textContent only.
const LABELS = {
  database: 'データベース',
  'oqs-folders': '資格確認端末の連携フォルダ',
};
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
    tr.append(cell(LABELS[c.name] ?? c.name), cell(ok ? '正常' : '異常', ok ? 'up' : 'down'),
      cell(c.reason ?? ''));
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
