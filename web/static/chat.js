// The portal's chat box: the same bot and conversation store as WhatsApp.
// The browser keeps a random token per office (its only identity) and asks
// for new messages while the box is open, so staff replies arrive too.
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
      })
      .catch(function () { add('bot', 'Tidak tersambung. Periksa koneksi internet Anda lalu coba lagi.'); })
      .then(function () { state.busy = false; });
  }

  function poll() {
    if (!state.token || panel.hidden) return;
    fetch(url + '?since=' + state.since, { headers: { 'X-Balai-Chat': state.token } })
      .then(function (res) { return res.ok ? res.json() : { messages: [] }; })
      .then(function (j) { show(j.messages); })
      .catch(function () {});
  }

  function open(yes) {
    panel.hidden = !yes;
    opener.setAttribute('aria-expanded', yes ? 'true' : 'false');
    clearInterval(state.timer);
    if (yes) {
      poll();
      state.timer = setInterval(poll, 5000);
      input.focus();
    }
  }

  opener.addEventListener('click', function () { open(panel.hidden); });
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
