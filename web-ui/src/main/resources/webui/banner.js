// The outage banner: the terminal's link program down, a reader agent of this desk disconnected, or this
// screen cut off from the gateway. It says since when, how old the data on the screen is, and what to do
// meanwhile; it clears itself when everything is back.
import { h, clock, ago } from './dom.js';

const CONN_GRACE_MS = 5000;

export class Outage {
  constructor(root) {
    this.root = root;
    this.link = null; // {since, reason} while DOWN
    this.agents = new Map(); // agentId -> since, while disconnected
    this.readers = new Map(); // readerId -> since, while absent or PC/SC unavailable
    this.connLostSince = null;
    this.freshUntil = null; // when the data shown was last known current
    this.timer = null;
  }

  linkState(state, since, reason) {
    this.link = state === 'DOWN' ? { since: since ?? new Date().toISOString(), reason } : null;
    this.render();
  }

  agentState(agentId, connected, since) {
    if (connected) this.agents.delete(agentId);
    else if (!this.agents.has(agentId)) this.agents.set(agentId, since ?? new Date().toISOString());
    this.render();
  }

  readerState(readerId, ready, since) {
    if (ready) this.readers.delete(readerId);
    else if (!this.readers.has(readerId)) this.readers.set(readerId, since ?? new Date().toISOString());
    this.render();
  }

  connection(live) {
    if (live) this.connLostSince = null;
    else this.connLostSince ??= Date.now();
    this.render();
  }

  /** Whether any outage is shown. */
  active() {
    return !this.root.hidden;
  }

  render() {
    const lines = [];
    let oldest = null;
    const note = (since) => {
      const t = new Date(since).getTime();
      if (!Number.isNaN(t) && (oldest === null || t < oldest)) oldest = t;
    };
    if (this.link) {
      note(this.link.since);
      lines.push('資格確認端末の連携プログラムが止まっています（' + clock(this.link.since) + ' から、' + ago(this.link.since) + '）');
    }
    for (const [agentId, since] of this.agents) {
      note(since);
      lines.push('カードリーダーの受付PC（' + agentId + '）との接続が切れています（' + clock(since) + ' から、' + ago(since) + '）');
    }
    for (const [readerId, since] of this.readers) {
      note(since);
      lines.push('カードリーダー（' + readerId + '）が使えません（' + clock(since) + ' から）。接続を確認してください');
    }
    const connDown = this.connLostSince !== null && Date.now() - this.connLostSince >= CONN_GRACE_MS;
    if (connDown) {
      const since = new Date(this.connLostSince).toISOString();
      note(since);
      lines.push('ゲートウェイに接続できません。再接続しています（' + clock(since) + ' から）');
    }
    const show = lines.length > 0;
    this.root.hidden = !show;
    document.body.classList.toggle('outage', show);
    if (!show) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    this.timer ??= setInterval(() => this.render(), 1000);
    this.root.querySelector('#banner-title').textContent = '資格確認が止まっています';
    this.root.querySelector('#banner-lines').replaceChildren(...lines.map((t) => h('li', { text: t })));
    const asOf = new Date(oldest).toISOString();
    this.root.querySelector('#banner-age').textContent =
      '表示中の情報は ' + clock(asOf) + ' 時点のものです（' + ago(asOf) + '前）。新しい結果は復旧後に届きます。';
  }
}
