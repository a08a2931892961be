// Installs the service worker (clinic server only) and sends what was kept offline when the
// connection is back. On the sign-in page, pages kept for offline use are removed from this phone.
"use strict";
(function () {
  if (!("serviceWorker" in navigator)) return;
  if (location.pathname === "/login" && window.caches) {
    caches.keys().then((keys) => keys.forEach((key) => caches.delete(key)));
  }
  function flush() {
    if (navigator.onLine && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("flush");
  }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(flush, () => {});
  navigator.serviceWorker.addEventListener("controllerchange", flush);
  window.addEventListener("online", flush);
  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type !== "stepdown-queue" || !(data.sent || data.refused || data.left)) return;
    const parts = [];
    if (data.sent) parts.push(data.sent === 1 ? "What you saved offline has been sent." : data.sent + " things saved offline have been sent.");
    if (data.refused) parts.push("Something saved offline was not accepted; please enter it again.");
    if (data.left) parts.push(data.left + " waiting on this phone until the connection is back.");
    let note = document.getElementById("offline-queue");
    if (!note) {
      note = document.createElement("p");
      note.id = "offline-queue";
      note.className = "flash";
      note.setAttribute("role", "status");
      const main = document.getElementById("main");
      if (main) main.prepend(note);
    }
    note.textContent = parts.join(" ");
  });
})();
