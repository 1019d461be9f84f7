// PeerCode web UI: the little that is not htmx. Countdowns to lock and push-token expiry tick every
// second (the server renders their first value), "Copy" buttons copy a token or snippet, and a live
// region that holds a form the person has started to fill is not refreshed under their hands.

/**
 * True while the person is using a form inside region: it has been changed, has the focus, or sits in
 * an opened details (the force-release form). Navigation ends it. Not an htmx trigger filter: htmx
 * evaluates those with Function(), which the UI's Content-Security-Policy (no 'unsafe-eval') forbids, and
 * a filter htmx cannot evaluate lets every refresh through.
 */
function peercodeEditing(region) {
  return region.querySelector('form.dirty, details[open]') !== null
    || (region.contains(document.activeElement) && document.activeElement.matches('input, textarea, select'));
}

(function () {
  document.addEventListener('input', function (e) {
    var form = e.target.closest && e.target.closest('form');
    if (form) form.classList.add('dirty');
  });
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-countdown]').forEach(function (el) {
      var left = Math.round((Date.parse(el.getAttribute('data-countdown')) - now) / 1000);
      el.textContent = left <= 0 ? 'expired'
        : Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ' left';
    });
  }
  setInterval(tick, 1000);
  // A region marked data-keep-while-editing skips its live refresh while the person uses a form in it.
  document.addEventListener('htmx:beforeRequest', function (e) {
    var region = e.detail && e.detail.elt;
    if (region && region.hasAttribute && region.hasAttribute('data-keep-while-editing') && peercodeEditing(region)) {
      e.preventDefault();
    }
  });
  document.addEventListener('click', function (e) {
    var id = e.target.getAttribute && e.target.getAttribute('data-copy');
    if (!id) return;
    var source = document.getElementById(id);
    var text = source.value !== undefined ? source.value : source.textContent;
    navigator.clipboard.writeText(text).then(function () { e.target.textContent = 'Copied'; });
  });
  // A page left for another may be kept frozen (the back/forward cache) with its event stream still open.
  // Over HTTP/1.1 a browser opens at most six connections to one host, so a few pages visited would leave
  // no connection for the next request (a download, a refresh): close the streams when the page is hidden,
  // and load the page afresh if the browser shows it again from that cache.
  window.addEventListener('pagehide', function () {
    document.querySelectorAll('[sse-connect]').forEach(function (el) {
      var data = el['htmx-internal-data'];
      if (data && data.sseEventSource) data.sseEventSource.close();
    });
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted && document.querySelector('[sse-connect]')) window.location.reload();
  });
  document.addEventListener('DOMContentLoaded', function () {
    var focus = document.querySelector('[data-focus]');
    if (focus) focus.focus();
  });
})();
