// The payment form: the size limit checked before anything is sent, and the upload's progress while it is sent.
// Without JavaScript the form posts as it is; the server checks the same limit. No inline code (nonce CSP).
(function () {
  'use strict';

  function mb(n) {
    return (Math.round((n / 1024 / 1024) * 10) / 10).toLocaleString('id-ID') + ' MB';
  }

  function sizeProblem(form) {
    var input = form.querySelector('[data-file-input]');
    var max = Number(form.getAttribute('data-max-bytes'));
    var out = form.querySelector('[data-file-size-error]');
    if (!input || !out) return false;
    var file = input.files && input.files[0];
    var tooBig = !!file && max > 0 && file.size > max;
    out.hidden = !tooBig;
    out.textContent = tooBig ? 'Berkas ' + mb(file.size) + ' melebihi batas ' + mb(max) + '; pilih foto yang lebih kecil.' : '';
    input.classList.toggle('is-invalid', tooBig);
    return tooBig;
  }

  function showResponse(html) {
    var doc = new window.DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelector('main');
    var main = document.querySelector('main');
    if (!fresh || !main) return false;
    main.replaceWith(fresh);
    if (doc.title) document.title = doc.title;
    var form = fresh.querySelector('form[data-upload-form]');
    if (form) enhance(form);
    if (window.htmx) window.htmx.process(fresh);
    fresh.focus();
    return true;
  }

  function enhance(form) {
    if (form.getAttribute('data-enhanced')) return;
    form.setAttribute('data-enhanced', '1');
    var line = form.querySelector('[data-line-select]');
    var remaining = form.querySelector('[data-line-remaining]');
    if (line && remaining) {
      line.addEventListener('change', function () {
        var opt = line.selectedOptions[0];
        remaining.textContent = opt && opt.getAttribute('data-remaining') ? opt.getAttribute('data-remaining') : '– pilih baris –';
      });
    }
    var input = form.querySelector('[data-file-input]');
    if (input) input.addEventListener('change', function () { sizeProblem(form); });
    var sending = false;
    form.addEventListener('submit', function (ev) {
      var submitter = ev.submitter;
      if (submitter && submitter.name === 'langkah') return;
      if (sizeProblem(form)) { ev.preventDefault(); return; }
      ev.preventDefault();
      // A second click while the first is on its way sends nothing more.
      if (sending) return;
      sending = true;
      var button = form.querySelector('[data-submit]');
      if (button) button.disabled = true;
      var box = form.querySelector('[data-upload-progress]');
      var bar = box && box.querySelector('progress');
      var status = box && box.querySelector('[data-upload-status]');
      if (box) box.hidden = false;
      var xhr = new window.XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable || !bar) return;
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        if (status) status.textContent = pct + ' % terkirim';
      });
      xhr.addEventListener('load', function () {
        var target = new URL(xhr.responseURL || form.action, window.location.href);
        var sent = new URL(form.action, window.location.href);
        if (xhr.status < 400 && target.pathname !== sent.pathname) { window.location.assign(target.href); return; }
        if (!showResponse(xhr.responseText)) window.location.reload();
      });
      xhr.addEventListener('error', function () {
        sending = false;
        if (button) button.disabled = false;
        if (status) status.textContent = 'Unggahan terputus; periksa sambungan lalu simpan lagi.';
      });
      xhr.send(submitter ? new FormData(form, submitter) : new FormData(form));
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[data-upload-form]');
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  });
})();
