// Small improvements on top of pages that work without JavaScript. Loaded with the page's CSP nonce; no inline code.
(function () {
  'use strict';
  // A form with data-confirm asks before it is sent (the page also works without this: the server asks again).
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var q = form && form.getAttribute && form.getAttribute('data-confirm');
    if (q && !window.confirm(q)) e.preventDefault();
  });
})();
