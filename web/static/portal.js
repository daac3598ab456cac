// Balai portal: small progressive enhancements; every page works without it.
//  - registers the service worker and asks it to keep this office's pages
//    for reading without signal;
//  - the "Pasang aplikasi" button (Android Chromium's install prompt);
//  - remembers ticked checklist items on this phone.
(function () {
  'use strict';
  var office = (location.pathname.match(/^\/o\/([^/]+)/) || [])[1];

  if ('serviceWorker' in navigator && office) {
    navigator.serviceWorker.register('/sw.js').then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var urls = ['/o/' + office];
      document.querySelectorAll('a[data-offline]').forEach(function (a) { urls.push(a.getAttribute('href')); });
      document.querySelectorAll('img[data-offline]').forEach(function (i) { urls.push(i.getAttribute('src')); });
      if (/\/(layanan|berita)\//.test(location.pathname)) urls.push(location.pathname);
      var ch = new MessageChannel();
      ch.port1.onmessage = function (e) {
        if (!e.data || !e.data.ok) return;
        document.documentElement.setAttribute('data-offline', 'ready');
        var note = document.getElementById('offline-note');
        if (note) note.hidden = false;
      };
      reg.active.postMessage({ type: 'keep', urls: urls }, [ch.port2]);
    }).catch(function () { /* no offline copy; the page still works */ });
  }

  var deferred = null, btn = document.getElementById('install');
  window.addEventListener('beforeinstallprompt', function (e) {
    e.preventDefault();
    deferred = e;
    if (btn) btn.hidden = false;
  });
  if (btn) btn.addEventListener('click', function () {
    if (!deferred) return;
    deferred.prompt();
    deferred.userChoice.finally(function () { deferred = null; btn.hidden = true; });
  });

  var key = 'balai-tick:' + location.pathname, ticked = {};
  try { ticked = JSON.parse(localStorage.getItem(key) || '{}') || {}; } catch (e) { ticked = {}; }
  document.querySelectorAll('input[data-tick]').forEach(function (box) {
    // keyed by the requirement's text, not its position: when the office
    // adds a requirement above, a tick must not move to a document the
    // citizen has never seen
    var n = box.getAttribute('data-item') || box.getAttribute('data-tick');
    box.checked = !!ticked[n];
    box.addEventListener('change', function () {
      ticked[n] = box.checked;
      try { localStorage.setItem(key, JSON.stringify(ticked)); } catch (e) { /* private mode */ }
    });
  });
})();
