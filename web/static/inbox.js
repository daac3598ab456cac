// inbox.js: the live shared inbox, as progressive enhancement. The pages
// work without it (reload to see news; every conversation in the list is
// a link to its own page); with it, an event from the office's stream
// (/console/o/{office}/percakapan/live) makes the page fetch itself again
// and swap in the parts that changed (the list, and the open thread beside
// it), a colleague typing shows "Sedang dibalas oleh ..." beside the
// conversation, and on a wide screen a conversation picked in the list
// opens beside it without loading the whole page anew.
(() => {
  'use strict';
  const root = document.getElementById('inbox');
  if (!root) return;
  const WIDE = matchMedia('(min-width: 900px)');
  let conv = Number(root.dataset.conversation || 0);
  // on a phone the thread is the whole page: open it at the latest message
  // (on a wide screen its own pane already opens there)
  if (conv && !WIDE.matches) document.getElementById('composer')?.scrollIntoView({ block: 'end' });
  if (!('EventSource' in window)) return;
  const me = Number(root.dataset.me);
  const TYPING_SHOWN_MS = 6000, TYPING_EVERY_MS = 3000;
  const typingTimers = new Map();
  let liveText = '';

  const fetchPage = async (url) => {
    const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    return res.ok ? new DOMParser().parseFromString(await res.text(), 'text/html') : null;
  };

  // The parts of the page the server redraws; the reply box is kept as
  // typed, only the colleague it was written against is updated.
  const PARTS = ['inbox-rows', 'thread', 'holder-info', 'assign', 'labels', 'notes-list'];
  let pending = null, running = false, again = false;
  function refresh() {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      if (running) { again = true; return; }
      running = true;
      const url = location.pathname + location.search;
      try {
        const doc = await fetchPage(url);
        // another conversation opened meanwhile: this page is not it
        if (doc && url === location.pathname + location.search) swap(doc);
      } catch { /* offline for a moment: the next event tries again */ }
      running = false;
      if (again) { again = false; refresh(); }
    }, 80);
  }
  function swap(doc) {
    for (const id of PARTS) {
      const cur = document.getElementById(id), fresh = doc.getElementById(id);
      // never pull a field from under the officer's fingers
      if (cur && fresh && !cur.contains(document.activeElement)) cur.replaceWith(fresh);
    }
    const holder = document.querySelector('#reply input[name=holder]');
    const freshHolder = doc.querySelector('#reply input[name=holder]');
    if (holder && freshHolder) holder.value = freshHolder.value;
    showTypingAll();
    document.dispatchEvent(new CustomEvent('balai:inbox-updated'));
  }

  function typingText(name) { return `Sedang dibalas oleh ${name}`; }
  // the open thread's notice, and the conversation's row in the list
  function presenceOf(id) {
    const els = [...document.querySelectorAll(`[data-presence="${id}"]`)];
    if (id === conv) els.push(document.getElementById('presence'));
    return els.filter(Boolean);
  }
  function showTyping(id, name, arm = true) {
    for (const el of presenceOf(id)) { el.textContent = typingText(name); el.hidden = false; }
    if (!arm) return;
    clearTimeout(typingTimers.get(id)?.timer);
    typingTimers.set(id, { name, timer: setTimeout(() => {
      typingTimers.delete(id);
      for (const el of presenceOf(id)) el.hidden = true;
    }, TYPING_SHOWN_MS) });
  }
  function showTypingAll() { for (const [id, who] of typingTimers) showTyping(id, who.name, false); }

  function showLive(text) {
    liveText = text;
    const status = document.getElementById('live-status');
    if (status) { status.textContent = text; status.hidden = false; }
  }
  const es = new EventSource(root.dataset.live);
  es.addEventListener('open', () => showLive('Pembaruan langsung aktif.'));
  es.addEventListener('error', () => showLive('Pembaruan langsung terputus, menyambung kembali…'));
  // the list beside every thread shows every conversation's news
  const onChange = (e) => {
    try { JSON.parse(e.data); } catch { return; }
    refresh();
  };
  for (const kind of ['message', 'status', 'assign', 'state', 'label', 'note']) es.addEventListener(kind, onChange);
  es.addEventListener('resync', refresh);
  es.addEventListener('typing', (e) => {
    let ev;
    try { ev = JSON.parse(e.data); } catch { return; }
    if (ev.staff !== me) showTyping(ev.conversation, ev.by);
  });

  // Tell colleagues while this officer types a reply (at most every 3 s).
  let lastTyping = 0;
  function watchTyping() {
    const box = document.getElementById('text');
    if (!conv || !box || !root.dataset.typing) return;
    box.addEventListener('input', () => {
      const now = Date.now();
      if (now - lastTyping < TYPING_EVERY_MS) return;
      lastTyping = now;
      fetch(root.dataset.typing, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: root.dataset.csrf }),
      }).catch(() => {});
    });
  }
  watchTyping();

  // On a wide screen, a conversation picked in the list (or the browser's
  // back and forward) swaps both panes in place; anything unexpected falls
  // back to loading the page.
  async function open(url, push) {
    let doc = null;
    try { doc = await fetchPage(url); } catch { /* loaded below */ }
    const fresh = doc?.getElementById('inbox');
    if (!fresh) { location.href = url; return; }
    for (const a of [...root.attributes]) if (a.name.startsWith('data-')) root.removeAttribute(a.name);
    for (const a of fresh.attributes) root.setAttribute(a.name, a.value);
    root.replaceChildren(...fresh.childNodes);
    document.body.className = doc.body.className;
    document.title = doc.title;
    if (push) history.pushState(null, '', url);
    conv = Number(root.dataset.conversation || 0);
    lastTyping = 0;
    watchTyping();
    if (liveText) showLive(liveText);
    showTypingAll();
    const h = root.querySelector('.pane-thread h1');
    if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
    document.dispatchEvent(new CustomEvent('balai:inbox-updated'));
  }
  root.addEventListener('click', (e) => {
    const a = e.target.closest('ul.convs a');
    if (!a || !WIDE.matches || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    open(a.href, true);
  });
  window.addEventListener('popstate', () => open(location.href, false));
  window.addEventListener('pagehide', () => es.close());
})();
