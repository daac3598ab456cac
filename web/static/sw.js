// Balai service worker: keeps an office's public pages readable offline:
// the office page, its services, and its recent news (the list, the items
// it links and their pictures).
// Pages are fetched from the network first (so a changed checklist shows at
// once) with a time limit, and fall back to the copy kept here when there is
// no signal. Staff pages (/console, /login) are never kept: they hold
// personal data and must not outlive a logout.
// It also shows the portal chat's Web Push notices (a staff reply, a status
// change) and opens the office's chat when one is tapped; while that
// office's page is on screen, its chat box shows the message instead.
'use strict';
var CACHE = 'balai-v1';
var SHELL = ['/static/balai.css', '/static/portal.js', '/static/favicon.svg', '/icons/icon-192.png'];
var WAIT_MS = 4000;

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keepable(url) {
  if (url.origin !== self.location.origin) return false;
  var p = url.pathname;
  return /^\/o\/[^/]+$/.test(p) || /^\/o\/[^/]+\/layanan\/[^/.]+$/.test(p) ||
         /^\/o\/[^/]+\/berita(\/[^/.]+(\/visual)?)?$/.test(p) ||
         p.indexOf('/static/') === 0 || p.indexOf('/icons/') === 0;
}

function networkFirst(req) {
  return new Promise(function (resolve) {
    var done = false;
    var fallback = function () {
      if (done) return;
      caches.match(req, { ignoreVary: true }).then(function (hit) {
        if (hit && !done) { done = true; resolve(hit); }
      });
    };
    var timer = setTimeout(fallback, WAIT_MS);
    fetch(req).then(function (res) {
      clearTimeout(timer);
      if (res.ok && !/no-store|private/.test(res.headers.get('Cache-Control') || '')) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(req, copy); });
      }
      if (!done) { done = true; resolve(res); }
    }).catch(function () {
      clearTimeout(timer);
      caches.match(req, { ignoreVary: true }).then(function (hit) {
        if (done) return;
        done = true;
        resolve(hit || new Response('<!doctype html><meta charset="utf-8"><meta name="viewport" ' +
          'content="width=device-width"><title>Tidak ada sinyal</title><p style="font:16px sans-serif;' +
          'padding:1rem">Tidak ada sambungan internet, dan halaman ini belum tersimpan di ponsel Anda. ' +
          'Coba lagi saat ada sinyal.</p>', { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
      });
    });
  });
}

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (!keepable(url) || url.search) return;
  e.respondWith(networkFirst(req));
});

// The page asks to keep the office page and every service page it links.
self.addEventListener('message', function (e) {
  var d = e.data || {}, port = e.ports && e.ports[0];
  if (d.type !== 'keep' || !Array.isArray(d.urls)) return;
  var urls = d.urls.filter(function (u) {
    try { return keepable(new URL(u, self.location.origin)); } catch (x) { return false; }
  }).slice(0, 100);
  e.waitUntil(caches.open(CACHE).then(function (c) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, { credentials: 'omit' }).then(function (res) { if (res.ok) return c.put(u, res); });
    }));
  }).then(function () { if (port) port.postMessage({ ok: true, n: urls.length }); })
    .catch(function () { if (port) port.postMessage({ ok: false }); }));
});

// A notice from the portal chat: {title, body, url, show}, decrypted by the
// browser. While a page of that office is on screen, its chat box shows the
// new message itself (chat.js answers on the port once it has): a
// notification on top of it would only repeat it. Otherwise, or when no
// page answers in time (a page without the chat, a failed fetch), the
// notification shows; also when the server says it must (`show`: Safari
// withdraws a subscription whose pushes show nothing).
var ASK_MS = 3000;

// "/o/{office}" of a notice's address, or null.
function officePath(u) {
  try {
    var m = /^\/o\/[^/]+/.exec(new URL(u, self.location.origin).pathname);
    return m ? m[0] : null;
  } catch (x) { return null; }
}

function askPage(client) {
  return new Promise(function (resolve) {
    var ch = new MessageChannel();
    var timer = setTimeout(function () { resolve(false); }, ASK_MS);
    ch.port1.onmessage = function (e) { clearTimeout(timer); resolve(!!(e.data && e.data.shown)); };
    client.postMessage({ type: 'chat-reply' }, [ch.port2]);
  });
}

// true once a visible page of the office showed the message in its chat
function shownInPage(path) {
  if (!path) return Promise.resolve(false);
  return self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    var on = list.filter(function (c) {
      var p = new URL(c.url).pathname;
      return (c.visibilityState === 'visible' || c.focused) && (p === path || p.indexOf(path + '/') === 0);
    });
    return Promise.all(on.map(askPage));
  }).then(function (r) { return r.indexOf(true) >= 0; }, function () { return false; });
}

self.addEventListener('push', function (e) {
  var d = {};
  try { d = e.data ? e.data.json() : {}; } catch (x) { d = { body: e.data ? e.data.text() : '' }; }
  e.waitUntil(shownInPage(officePath(d.url)).then(function (shown) {
    if (shown && !d.show) return;
    return self.registration.showNotification(d.title || 'Balai', {
      body: d.body || 'Ada pesan baru untuk Anda.',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      tag: d.url || 'balai',
      data: { url: d.url || '/' }
    });
  }));
});

// Tapping it brings a tab already open on that page forward, or opens the
// page (only a path on this site: never elsewhere).
self.addEventListener('notificationclick', function (e) {
  e.notification.close();
  var u = new URL((e.notification.data && e.notification.data.url) || '/', self.location.origin);
  var target = new URL(u.pathname + u.hash, self.location.origin);
  e.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (new URL(list[i].url).pathname === target.pathname && 'focus' in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(target.href);
  }));
});
