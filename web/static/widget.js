// Balai widget: shows an office's services on another site.
//   <script src="https://balai.example/widget.js" data-office="jelitik" async></script>
// Optional: data-target="id-of-an-element" to render there instead of after
// the script. Reads the public JSON API of the Balai that served this file;
// everything is inserted as text (never as HTML) inside a shadow root so the
// host page's styles and ours do not mix.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me) return;
  var office = me.getAttribute('data-office');
  var origin = new URL(me.src, location.href).origin;
  var host = document.createElement('div');
  host.className = 'balai-widget';
  var target = me.getAttribute('data-target') && document.getElementById(me.getAttribute('data-target'));
  if (target) target.appendChild(host); else me.parentNode.insertBefore(host, me.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('style');
  style.textContent = ':host{display:block;font:15px/1.5 system-ui,sans-serif;color:#1d2733}' +
    '.box{border:1px solid #dde2e8;border-radius:8px;padding:.8rem 1rem;background:#fff}' +
    'h2{font-size:1.05rem;margin:0 0 .4rem;color:#0b6e4f}h3{font-size:.95rem;margin:.6rem 0 .2rem}' +
    'ul{margin:0;padding-left:1.1rem}a{color:#0b6e4f}.muted{color:#5b6777;font-size:.85rem}';
  root.appendChild(style);
  var box = document.createElement('div');
  box.className = 'box';
  root.appendChild(box);
  function el(tag, text, parent) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    parent.appendChild(e);
    return e;
  }
  if (!office || !/^[a-z0-9_-]+$/.test(office)) { el('p', 'Widget Balai: atribut data-office belum diisi.', box); return; }
  el('p', 'Memuat layanan…', box).className = 'muted';
  fetch(origin + '/api/v1/offices/' + office + '/services', { headers: { Accept: 'application/json' } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (d) {
      box.textContent = '';
      el('h2', 'Layanan ' + d.office.name, box);
      var cat = null, ul = null;
      d.services.forEach(function (s) {
        if (s.category !== cat) { cat = s.category; el('h3', cat, box); ul = el('ul', '', box); }
        var li = el('li', '', ul), a = el('a', s.name, li);
        a.href = s.url; a.target = '_blank'; a.rel = 'noopener';
        el('span', ' · ' + s.days_text, li).className = 'muted';
      });
      var more = el('p', '', box), a = el('a', 'Buka halaman ' + d.office.name, more);
      a.href = d.url; a.target = '_blank'; a.rel = 'noopener';
    })
    .catch(function () { box.textContent = ''; el('p', 'Daftar layanan belum bisa dimuat. Coba lagi nanti.', box); });
})();
