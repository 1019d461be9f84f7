// PeerCode web UI: the little that is not htmx. Countdowns to lock and push-token expiry tick every
// second (the server renders their first value), and "Copy" buttons copy a token or snippet.
(function () {
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute('data-countdown')) - now) / 1000);
      el.textContent = left <= 0 ? 'expired'
        : Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ' left';
    });
  }
  setInterval(tick, 1000);
  document.addEventListener('click', function (e) {
    var id = e.target.getAttribute && e.target.getAttribute('data-copy');
    if (!id) return;
    var source = document.getElementById(id);
    var text = source.value !== undefined ? source.value : source.textContent;
    navigator.clipboard.writeText(text).then(function () { e.target.textContent = 'Copied'; });
  });
  document.addEventListener('DOMContentLoaded', function () {
    var focus = document.querySelector('[data-focus]');
    if (focus) focus.focus();
  });
})();
