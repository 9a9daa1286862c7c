// Screens signed in with a pasted token (運用, 訪問計画): the token is proven at once by one call, kept in
// the tab's sessionStorage only, and the live feed follows with it, its state in the header's badge; a
// token expired or revoked (a 401 from any call, or the feed refused with 4401) signs the screen out.
// The page holds #signin, #signin-form, #token, #signin-msg, #sign-out and #conn.
import { say } from './dom.js';
import { Session, client, tokenExpiry } from './rest.js';
import { LiveFeed, showConnection } from './live.js';

const $ = (id) => document.getElementById(id);
export const EXPIRED = 'トークンの有効期限が切れたか、取り消されました。';

export class PastedTokenScreen {
  /**
   * @param {object} o
   * @param {string} o.storageKey the sessionStorage key
   * @param {string[]} o.shown ids of the elements shown only while signed in
   * @param {(api) => Promise} o.check the call that proves the token
   * @param {string} o.forbidden what a token without the screen's role is told (403)
   * @param {object} o.subscription the feed's {types, desks}
   * @param {(event) => void} o.onEvent each live event once
   * @param {() => Promise} o.reload loads the screen's state (at sign-in and after a gap)
   */
  constructor(o) {
    Object.assign(this, o);
    this.session = new Session(o.storageKey);
    this.api = client(this.session, () => this.signOut(EXPIRED));
    this.feed = null;
    $('signin-form').addEventListener('submit', (ev) => this.submit(ev));
    $('sign-out').addEventListener('click', () => this.signOut());
  }

  /** Opens the screen when this tab holds a token, else asks for one. */
  start() {
    if (this.session.get()) this.open();
    else this.signOut();
  }

  async submit(ev) {
    ev.preventDefault();
    const token = $('token').value.trim();
    this.session.set({ token, expiresAt: tokenExpiry(token) });
    $('token').value = '';
    try {
      await this.check(this.api);
      this.open();
    } catch (e) {
      this.session.clear();
      say($('signin-msg'), e.status === 401 ? 'トークンが無効です。' : e.status === 403 ? this.forbidden
        : 'サインインできませんでした（' + (e.status ?? '接続できません') + '）', 'ng');
    }
  }

  signOut(message) {
    this.feed?.stop();
    this.feed = null;
    this.session.clear();
    for (const id of this.shown) $(id).hidden = true;
    $('signin').hidden = false;
    $('conn').hidden = true;
    if (message) say($('signin-msg'), message, 'ng');
    $('token').focus();
  }

  open() {
    $('signin').hidden = true;
    for (const id of this.shown) $(id).hidden = false;
    this.reload();
    this.feed = new LiveFeed({
      token: () => this.session.get()?.token ?? null,
      subscription: this.subscription,
      onEvent: this.onEvent,
      onGap: () => this.reload().then(() => null),
      onState: (state, detail) => {
        showConnection($('conn'), state);
        if (state === 'refused' && detail?.code === 4401) this.signOut(EXPIRED);
      },
    });
    this.feed.start(null);
  }
}
