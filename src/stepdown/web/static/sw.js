// stepdown's service worker (clinic server only). Today and the check-in form open without a
// connection (the last copy seen online); a check-in or a dose sent offline waits on this phone and
// is sent when the connection is back, exactly once: every submission carries its own
// Idempotency-Key, and the server answers a repeated key as the first time without storing again.
"use strict";
const CACHE = "stepdown-v1";
const PAGES = ["/", "/checkin"];
const QUEUED = ["/checkin", "/doses/take", "/magnesium/take"];
const PAGE_STYLE = "font:1.1rem/1.5 system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem";
const QUEUED_PAGE = `<!doctype html><html lang=en><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1"><title>Saved on this phone - stepdown</title>
<main style="${PAGE_STYLE}"><h1>Saved on this phone</h1>
<p id="queued">You are offline. What you entered is kept on this phone and will be sent once, by itself,
when the connection is back.</p>
<p>If you have chest pain, trouble breathing, fainting or thoughts of harming yourself, call 911 now.</p>
<p><a href="/">Back to Today</a></p></main></html>`;
const OFFLINE_PAGE = `<!doctype html><html lang=en><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1"><title>Offline - stepdown</title>
<main style="${PAGE_STYLE}"><h1>You are offline</h1><p>This page was not saved on this phone yet.
Open it once while online. In an emergency call 911.</p><p><a href="/">Today</a> · <a href="/checkin">Check in</a></p></main></html>`;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && QUEUED.includes(url.pathname)) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method === "GET" && request.mode === "navigate" && PAGES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (request.method === "GET" && url.pathname.startsWith("/static/")) {
    event.respondWith(staleWhileOffline(request));
  }
});

async function networkFirst(request, path) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(path, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(path)) || html(OFFLINE_PAGE, 503);
  }
}

async function staleWhileOffline(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request)) || Response.error();
  }
}

function html(text, status) {
  return new Response(text, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

function send(item) {
  return fetch(item.url, {
    method: "POST",
    body: item.body,
    headers: { "content-type": item.type, "idempotency-key": item.key },
    credentials: "same-origin",
    redirect: "manual",
  });
}

async function sendOrKeep(request) {
  const item = {
    key: self.crypto.randomUUID(),
    url: request.url,
    type: request.headers.get("content-type") || "application/x-www-form-urlencoded",
    body: await request.clone().text(),
    at: Date.now(),
  };
  try {
    return await send(item);
  } catch (error) {
    await store("readwrite", (s) => s.put(item));
    if (self.registration.sync) self.registration.sync.register("stepdown-queue").catch(() => {});
    return html(QUEUED_PAGE, 202);
  }
}

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stepdown", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "key" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function store(mode, action) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("queue", mode);
    const request = action(tx.objectStore("queue"));
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
  });
}

let flushing = null;
function flush() {
  if (!flushing) flushing = sendWaiting().finally(() => { flushing = null; });
  return flushing;
}

async function sendWaiting() {
  const items = (await store("readonly", (s) => s.getAll())) || [];
  let sent = 0;
  let refused = 0;
  for (const item of items.sort((a, b) => a.at - b.at)) {
    let response;
    try {
      response = await send(item);
    } catch (error) {
      break; // still offline: keep everything
    }
    if (response.type === "opaqueredirect" || response.ok) {
      sent += 1;
    } else if (response.status === 401 || response.status >= 500) {
      continue; // signed out or a server problem: keep it and try again later
    } else {
      refused += 1; // the server said what was wrong; the page asks the person to enter it again
    }
    await store("readwrite", (s) => s.delete(item.key));
  }
  const left = ((await store("readonly", (s) => s.getAll())) || []).length;
  for (const client of await self.clients.matchAll()) {
    client.postMessage({ type: "stepdown-queue", sent, refused, left });
  }
}

self.addEventListener("message", (event) => {
  if (event.data === "flush") event.waitUntil(flush());
});
self.addEventListener("sync", (event) => {
  if (event.tag === "stepdown-queue") event.waitUntil(flush());
});
