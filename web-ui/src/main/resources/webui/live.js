// The gateway's live feed over one WebSocket (docs/LIVE.md): the token goes in the first message, never in
// the URL; the subscription resumes from the last event id seen, so a dropped connection misses nothing;
// a `gap` (the gateway cannot replay from there) asks the screen to reload its state over REST; every event
// is handed over once, whatever the gateway sends twice (replay after a reconnect, a reload that overlaps).

const CONNECTION_WORDS = { connecting: '接続中…', live: 'リアルタイム表示中', retrying: '再接続しています…', refused: '接続できません' };

/** The feed's state in a screen's connection badge. */
export function showConnection(el, state) {
  el.hidden = false;
  el.className = 'conn ' + state;
  el.textContent = CONNECTION_WORDS[state] ?? state;
}

const SEEN_MAX = 5000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
/** Close codes after which trying again cannot help until someone signs in again. */
const FINAL = new Set([4401, 4403, 4400]);

export class LiveFeed {
  /**
   * @param {object} o
   * @param {() => string|null} o.token the bearer token
   * @param {object} o.subscription {desks, types} (absent = everything the token may see)
   * @param {(event: object) => void} o.onEvent each event once, in feed order
   * @param {() => Promise<string|null>} o.onGap reload the state; resolves to its latestEventId
   * @param {(state: string, detail?: object) => void} o.onState connecting | live | retrying | refused
   */
  constructor(o) {
    Object.assign(this, o);
    this.seen = new Set();
    this.seenOrder = [];
    this.lastEventId = null;
    this.attempt = 0;
    this.ws = null;
    this.stopped = true;
    this.watchdog = null;
    this.retryTimer = null;
  }

  /** Starts from `lastEventId` (the state's latestEventId): everything after it is delivered. */
  start(lastEventId) {
    this.lastEventId = lastEventId ?? this.lastEventId;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchdog);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
  }

  /** Marks an event id as shown (e.g. taken from a REST reload) so the feed never hands it over again. */
  remember(id) {
    if (!id || this.seen.has(id)) return false;
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_MAX) this.seen.delete(this.seenOrder.shift());
    return true;
  }

  connect() {
    clearTimeout(this.retryTimer);
    const token = this.token();
    if (!token) return this.onState('refused', { code: 4401 });
    this.onState('connecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(scheme + '//' + location.host + '/api/v1/events/ws');
    this.ws = ws;
    this.heartbeatMs = 15000;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
    ws.onmessage = (m) => {
      if (ws !== this.ws) return;
      this.alive();
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch (e) {
        return;
      }
      this.handle(ws, msg);
    };
    ws.onclose = (c) => {
      if (ws !== this.ws) return;
      this.ws = null;
      clearTimeout(this.watchdog);
      if (this.stopped) return;
      if (FINAL.has(c.code)) {
        this.onState('refused', { code: c.code, reason: c.reason });
        return;
      }
      this.retry();
    };
  }

  handle(ws, msg) {
    switch (msg.type) {
      case 'ready': {
        this.attempt = 0;
        if (msg.heartbeatSeconds > 0) this.heartbeatMs = msg.heartbeatSeconds * 1000;
        this.alive();
        const sub = { type: 'subscribe', ...this.subscription };
        if (this.lastEventId) sub.lastEventId = this.lastEventId;
        ws.send(JSON.stringify(sub));
        break;
      }
      case 'replayed':
      case 'subscribed':
        if (msg.type === 'replayed' || !this.lastEventId) this.onState('live');
        break;
      case 'gap':
        this.onState('live');
        Promise.resolve(this.onGap()).then((latest) => {
          if (latest) this.lastEventId = latest;
        });
        break;
      case 'event': {
        const e = msg.event;
        if (!e?.id) break;
        this.lastEventId = e.id;
        if (this.remember(e.id)) this.onEvent(e);
        break;
      }
      case 'heartbeat':
        ws.send(JSON.stringify({ type: 'ping' }));
        break;
      case 'error':
        this.lastError = msg;
        break;
      default:
        break;
    }
  }

  /** Nothing for 3 heartbeats: the connection is dead even if the socket does not know it yet. */
  alive() {
    clearTimeout(this.watchdog);
    const ws = this.ws;
    this.watchdog = setTimeout(() => {
      if (ws === this.ws && ws) {
        this.ws = null;
        ws.close(4000, 'heartbeat-timeout');
        this.retry();
      }
    }, this.heartbeatMs * 3 + 1000);
  }

  retry() {
    if (this.stopped) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    const wait = base / 2 + Math.random() * base / 2;
    this.onState('retrying', { inMs: wait });
    this.retryTimer = setTimeout(() => this.connect(), wait);
  }
}
