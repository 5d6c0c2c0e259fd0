// On the new-user form: the region picker offers only the level the chosen role works at (kelurahan for a lurah, …).
// Without JavaScript every level stays offered and the server names a mismatch next to the picker.
(function () {
  'use strict';
  function sync() {
    var role = document.getElementById('role');
    var region = document.getElementById('regionCode');
    if (!role || !region) return;
    var chosen = role.options[role.selectedIndex];
    var level = chosen ? chosen.getAttribute('data-level') : '';
    for (var i = 0; i < region.options.length; i++) {
      var o = region.options[i];
      var l = o.getAttribute('data-level');
      // The empty choice is "national" for a national admin: only an admin may have it.
      var fits = !level || (l ? l === level : role.value === 'admin' || !o.value);
      o.hidden = !fits;
      o.disabled = !fits;
      if (!fits && o.selected) region.value = '';
    }
  }
  document.addEventListener('change', function (e) {
    if (e.target && e.target.id === 'role') sync();
  });
  document.addEventListener('htmx:afterSettle', sync);
  document.addEventListener('DOMContentLoaded', sync);
})();
