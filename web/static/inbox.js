// inbox.js: the live shared inbox, as progressive enhancement. The pages
// work without it (reload to see news); with it, an event from the
// office's stream (/console/o/{office}/percakapan/live) makes the page
// fetch itself again and swap in the parts that changed, and a colleague
// typing shows "Sedang dibalas oleh ..." beside the conversation.
(() => {
  'use strict';
  const root = document.getElementById('inbox');
  if (!root || !('EventSource' in window)) return;
  const me = Number(root.dataset.me);
  const conv = Number(root.dataset.conversation || 0);
  const status = document.getElementById('live-status');
  const TYPING_SHOWN_MS = 6000, TYPING_EVERY_MS = 3000;
  const typingTimers = new Map();

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
      try {
        const res = await fetch(location.pathname + location.search, { credentials: 'same-origin', headers: { accept: 'text/html' } });
        if (res.ok) swap(new DOMParser().parseFromString(await res.text(), 'text/html'));
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
    for (const [id, who] of typingTimers) showTyping(id, who.name, false);
    document.dispatchEvent(new CustomEvent('balai:inbox-updated'));
  }

  function typingText(name) { return `Sedang dibalas oleh ${name}`; }
  function showTyping(id, name, arm = true) {
    const targets = conv ? (id === conv ? [document.getElementById('presence')] : [])
                         : [...document.querySelectorAll(`[data-presence="${id}"]`)];
    for (const el of targets) { if (!el) continue; el.textContent = typingText(name); el.hidden = false; }
    if (!arm) return;
    clearTimeout(typingTimers.get(id)?.timer);
    typingTimers.set(id, { name, timer: setTimeout(() => {
      typingTimers.delete(id);
      const els = conv ? [document.getElementById('presence')] : [...document.querySelectorAll(`[data-presence="${id}"]`)];
      for (const el of els) if (el) el.hidden = true;
    }, TYPING_SHOWN_MS) });
  }

  const es = new EventSource(root.dataset.live);
  es.addEventListener('open', () => { if (status) { status.textContent = 'Pembaruan langsung aktif.'; status.hidden = false; } });
  es.addEventListener('error', () => { if (status) { status.textContent = 'Pembaruan langsung terputus, menyambung kembali…'; status.hidden = false; } });
  const onChange = (e) => {
    let ev;
    try { ev = JSON.parse(e.data); } catch { return; }
    if (!conv || ev.conversation === conv) refresh();
  };
  for (const kind of ['message', 'status', 'assign', 'state', 'label', 'note']) es.addEventListener(kind, onChange);
  es.addEventListener('resync', refresh);
  es.addEventListener('typing', (e) => {
    let ev;
    try { ev = JSON.parse(e.data); } catch { return; }
    if (ev.staff !== me) showTyping(ev.conversation, ev.by);
  });

  // Tell colleagues while this officer types a reply (at most every 3 s).
  const box = document.getElementById('text');
  if (conv && box && root.dataset.typing) {
    let last = 0;
    box.addEventListener('input', () => {
      const now = Date.now();
      if (now - last < TYPING_EVERY_MS) return;
      last = now;
      fetch(root.dataset.typing, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: root.dataset.csrf }),
      }).catch(() => {});
    });
  }
  window.addEventListener('pagehide', () => es.close());
})();
