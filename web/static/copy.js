// copy.js: a "Salin" button for a text box (the RT/RW group text). The
// button stays hidden without JavaScript or a clipboard; the text box can
// always be selected and copied by hand.
(function () {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach(function (btn) {
    var box = document.getElementById(btn.getAttribute('data-copy'));
    var status = document.getElementById(btn.getAttribute('data-copy') + '-status');
    if (!box || !navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      navigator.clipboard.writeText(box.value).then(function () {
        if (status) status.textContent = 'Teks sudah disalin.';
      }, function () {
        box.select();
        if (status) status.textContent = 'Tidak dapat menyalin otomatis; tekan Ctrl+C atau tahan lalu salin.';
      });
    });
  });
})();
