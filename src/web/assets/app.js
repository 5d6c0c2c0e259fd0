// Small improvements on top of pages that work without JavaScript. Loaded with the page's CSP nonce; no inline code.
(function () {
  'use strict';

  function formatRupiah(n) {
    var s = String(n < 0n ? -n : n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    return (n < 0n ? '-' : '') + 'Rp ' + s;
  }

  // "2,5" or "1.250" → hundredths as BigInt, as the server reads it; null when it is not a number.
  function hundredths(raw) {
    var s = String(raw || '').replace(/\s|Rp/gi, '');
    if (!/^[\d.]*(,\d{1,2})?$/.test(s) || !/\d/.test(s)) return null;
    var parts = s.replace(/\./g, '').split(',');
    return BigInt(parts[0] || '0') * 100n + BigInt((parts[1] || '').padEnd(2, '0'));
  }

  // The line form: amount = volume × harga satuan (half up, like the server), shown while typing.
  function liveAmount(form) {
    var out = form.querySelector('[data-amount]');
    var vol = form.querySelector('[data-volume]');
    var price = form.querySelector('[data-unit-price]');
    if (!out || !vol || !price) return;
    function update() {
      var v = hundredths(vol.value);
      var p = hundredths(price.value);
      out.textContent = v === null || p === null ? 'Rp 0' : formatRupiah((v * (p / 100n) + 50n) / 100n);
    }
    vol.addEventListener('input', update);
    price.addEventListener('input', update);
    update();
  }

  // The sub-type list shows only the sub-types of the chosen category.
  function subTypesFollowCategory(form) {
    var cat = form.querySelector('[data-category-select]');
    var sub = form.querySelector('[data-subtype-select]');
    if (!cat || !sub) return;
    function update() {
      var groups = sub.querySelectorAll('optgroup');
      for (var i = 0; i < groups.length; i++) {
        var match = !cat.value || groups[i].getAttribute('data-category') === cat.value;
        groups[i].hidden = !match;
        groups[i].disabled = !match;
      }
      var chosen = sub.selectedOptions[0];
      if (chosen && chosen.parentElement && chosen.parentElement.disabled) sub.value = '';
    }
    cat.addEventListener('change', update);
    update();
  }

  function enhance(root) {
    var forms = root.querySelectorAll('form[data-live-amount]');
    for (var i = 0; i < forms.length; i++) {
      liveAmount(forms[i]);
      subTypesFollowCategory(forms[i]);
    }
  }

  document.addEventListener('DOMContentLoaded', function () { enhance(document); });
  // Content htmx swapped in gets the same improvements.
  document.addEventListener('htmx:load', function (e) { enhance(e.target); });
})();
