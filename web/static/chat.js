// The portal's chat box: the same bot and conversation store as WhatsApp.
// The browser keeps a random token per office (its only identity) and asks
// for new messages while the box is open, so staff replies arrive too.
// After the first message, where the browser has the Push API and the
// service worker (portal.js) is registered, the box offers to tell the
// citizen of a reply after the page is closed (Web Push; sw.js shows it,
// or, while this page is on screen, hands it to the box, which opens with
// it); where it cannot, it points to the WhatsApp number field instead.
// Every text is set with textContent: nothing from the server is HTML.
(function () {
  'use strict';
  var box = document.getElementById('chat');
  if (!box || !window.fetch) return;
  var office = box.getAttribute('data-office');
  var key = 'balai-chat-' + office;
  var url = '/o/' + encodeURIComponent(office) + '/obrolan';
  var state = { token: null, since: 0, timer: null, busy: false };
  try { state.token = localStorage.getItem(key); } catch (e) { /* private mode */ }
  var panel = box.querySelector('.chat-panel');
  var log = box.querySelector('.chat-log');
  var form = box.querySelector('.chat-form');
  var input = box.querySelector('#chat-text');
  var phone = box.querySelector('#chat-phone');
  var opener = box.querySelector('.chat-open');
  box.hidden = false;
  // room under the page for the button, so it never covers the last lines
  document.body.classList.add('has-chat');

  function add(from, text, options) {
    var li = document.createElement('li');
    li.className = 'chat-' + from;
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = from === 'warga' ? 'Anda' : from === 'bot' ? 'Asisten' : 'Petugas';
    var body = document.createElement('div');
    body.className = 'text';
    // the bot writes WhatsApp's *bold*: shown bold here; links become
    // links, shown whole (wrapped, never cut) and only for http(s)
    String(text).split(/\*([^*\n]+)\*/).forEach(function (part, i) {
      if (i % 2) {
        var b = document.createElement('strong');
        b.textContent = part;
        body.appendChild(b);
      } else if (part) {
        linkify(body, part);
      }
    });
    li.appendChild(who);
    li.appendChild(body);
    if (options && options.length) {
      var chips = document.createElement('div');
      chips.className = 'chips';
      options.forEach(function (o) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = o.title;
        // WhatsApp cuts a row's title at 24 characters; the description
        // holds the whole name, so the web shows both, as WhatsApp's list does
        if (o.description) {
          var d = document.createElement('small');
          d.textContent = o.description;
          b.appendChild(d);
        }
        b.addEventListener('click', function () { send('', o.id, o.title); });
        chips.appendChild(b);
      });
      li.appendChild(chips);
    }
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  function linkify(parent, text) {
    var re = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g, at = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var a = document.createElement('a');
      a.href = m[0];
      a.textContent = m[0];
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      parent.appendChild(a);
      at = m.index + m[0].length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function show(messages) {
    (messages || []).forEach(function (m) {
      if (m.id <= state.since) return;
      state.since = m.id;
      add(m.from, m.text, m.options);
    });
  }

  function send(text, choice, label) {
    if (state.busy) return;
    state.busy = true;
    var body = { text: text || label || '', since: state.since };
    if (choice) body.choice = choice;
    if (state.token) body.token = state.token;
    if (phone && phone.value.trim()) body.phone = phone.value.trim();
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                 body: JSON.stringify(body) })
      .then(function (res) { return res.json().then(function (j) { return [res.ok, j]; }); })
      .then(function (r) {
        if (!r[0]) { add('bot', r[1].error || 'Pesan belum terkirim. Coba lagi.'); return; }
        if (r[1].token && r[1].token !== state.token) {
          state.token = r[1].token;
          try { localStorage.setItem(key, state.token); } catch (e) { /* private mode */ }
        }
        show(r[1].messages);
        offerPush();
      })
      .catch(function () { add('bot', 'Tidak tersambung. Periksa koneksi internet Anda lalu coba lagi.'); })
      .then(function () { state.busy = false; });
  }

  // the messages after the last one shown; rejects when none could be read
  function pull() {
    return fetch(url + '?since=' + state.since, { headers: { 'X-Balai-Chat': state.token } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (j) { show(j.messages); });
  }

  function poll() {
    if (!state.token || panel.hidden) return;
    pull().catch(function () {});
  }

  // quiet: opened for an arriving reply, so the focus stays where it was
  function open(yes, quiet) {
    panel.hidden = !yes;
    opener.setAttribute('aria-expanded', yes ? 'true' : 'false');
    clearInterval(state.timer);
    if (yes) {
      poll();
      state.timer = setInterval(poll, 5000);
      if (!quiet) input.focus();
    }
  }

  // A reply pushed while this page is on screen: the service worker (sw.js)
  // asks the page to show it instead of a notification; the box opens with
  // it. The answer says whether it is shown, so the notification still
  // comes when it could not be (no conversation here, no signal).
  function pushed(ev) {
    var d = ev.data || {}, port = ev.ports && ev.ports[0];
    if (d.type !== 'chat-reply' || !port) return;
    if (!state.token) { port.postMessage({ shown: false }); return; }
    if (panel.hidden) open(true, true);
    pull().then(function () { port.postMessage({ shown: true }); },
                function () { port.postMessage({ shown: false }); });
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('message', pushed);
    if (navigator.serviceWorker.startMessages) navigator.serviceWorker.startMessages();
  }

  // ---- Web Push: "tell me when there is a reply"
  var pushKey = 'balai-push-' + office;
  var pushOffered = false;

  function noPush(why) {
    add('bot', why + ' Tinggalkan nomor WhatsApp Anda di bawah agar petugas dapat menghubungi Anda.');
    var d = box.querySelector('.chat-contact');
    if (d) d.open = true;
  }

  function keyBytes(b64) {
    var s = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function saveSubscription(sub) {
    var j = sub.toJSON();
    return fetch(url + '/notifikasi', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ token: state.token, endpoint: j.endpoint, p256dh: j.keys.p256dh, auth: j.keys.auth })
    }).then(function (res) { return res.json().then(function (b) { return [res.ok, b]; }); })
      .then(function (r) {
        if (!r[0]) { add('bot', r[1].error || 'Pemberitahuan belum dapat diaktifkan. Coba lagi nanti.'); return; }
        try { localStorage.setItem(pushKey, state.token); } catch (e) { /* private mode */ }
        add('bot', r[1].message);
      });
  }

  function askPush(reg, button) {
    button.disabled = true;
    var asked = Notification.requestPermission();
    Promise.resolve(asked).then(function (perm) {
      if (perm !== 'granted') {
        noPush('Peramban Anda tidak mengizinkan pemberitahuan dari situs ini.');
        return;
      }
      return fetch(url + '/notifikasi').then(function (res) { return res.json(); })
        .then(function (j) {
          return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(j.key) });
        })
        .then(saveSubscription);
    }).catch(function () {
      noPush('Pemberitahuan tidak dapat diaktifkan di peramban ini.');
    });
  }

  function offerPush() {
    var done = null;
    try { done = localStorage.getItem(pushKey); } catch (e) { /* private mode */ }
    if (pushOffered || !state.token || done === state.token) return;
    pushOffered = true;
    if (!('PushManager' in window) || !('serviceWorker' in navigator) || !window.Notification) return;
    navigator.serviceWorker.getRegistration('/').then(function (reg) {
      if (!reg || !reg.pushManager || Notification.permission === 'denied') return;
      var li = document.createElement('li');
      li.className = 'chat-push';   // looks like the assistant's line; not one of its answers
      var who = document.createElement('span');
      who.className = 'who';
      who.textContent = 'Asisten';
      var text = document.createElement('div');
      text.className = 'text';
      text.textContent = 'Ingin diberi tahu kalau petugas membalas, walau halaman ini sudah ditutup?';
      var chips = document.createElement('div');
      chips.className = 'chips';
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Beri tahu saya kalau ada balasan';
      b.addEventListener('click', function () { askPush(reg, b); });
      chips.appendChild(b);
      li.appendChild(who);
      li.appendChild(text);
      li.appendChild(chips);
      log.appendChild(li);
      log.scrollTop = log.scrollHeight;
    }).catch(function () {});
  }

  opener.addEventListener('click', function () { open(panel.hidden); });
  // a notification's tap opens the office page at #obrolan: the box opens
  if (location.hash === '#obrolan') open(true);
  // Esc closes the box and gives the focus back to its button
  box.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape' || panel.hidden) return;
    open(false);
    opener.focus();
  });

  box.querySelector('.chat-close').addEventListener('click', function () { open(false); });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });
})();
