// calendar.js: drag a scheduled item of the content calendar onto another
// day to move it there at the same time. Progressive enhancement: without
// script each item's "Ubah jadwal" form does the same; this only fills
// that form's date and submits it, so the server checks everything.
(function () {
  'use strict';
  var dragged = null;
  document.querySelectorAll('.cal-item[draggable=true]').forEach(function (item) {
    item.addEventListener('dragstart', function (e) {
      dragged = item;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', item.dataset.move);
    });
    item.addEventListener('dragend', function () { dragged = null; });
  });
  document.querySelectorAll('.cal-day').forEach(function (day) {
    day.addEventListener('dragover', function (e) {
      if (!dragged) return;
      e.preventDefault();
      day.classList.add('drop');
    });
    day.addEventListener('dragleave', function () { day.classList.remove('drop'); });
    day.addEventListener('drop', function (e) {
      day.classList.remove('drop');
      if (!dragged) return;
      e.preventDefault();
      var form = dragged.querySelector('form');
      if (!form || day.contains(dragged)) return;
      form.querySelector('input[name=tanggal]').value = day.dataset.date;
      form.submit();
    });
  });
})();
