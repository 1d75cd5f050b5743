// book serve: keeps the preview page current from the server's event stream.
// The server says when a build has finished (or failed); the page reloads the section it
// shows, or itself when the contents changed. Nothing here polls.
"use strict";

const BOOK = "/book/";
const frame = document.getElementById("section");
const error = document.getElementById("error");
const pdfState = document.getElementById("pdf-state");
const shown = document.documentElement.dataset;
let scroll = null;

// The section shown is kept in the address (#text/chapter-001.xhtml), so that a reload of
// the whole page (the contents changed) comes back to it.
function sectionInAddress() {
  const wanted = decodeURIComponent(location.hash.slice(1));
  return document.querySelector(`nav a[href="${CSS.escape(BOOK + wanted)}"]`) ? wanted : null;
}

function showSection() {
  const wanted = sectionInAddress();
  if (wanted !== null && frame.getAttribute("src") !== BOOK + wanted) {
    frame.src = BOOK + wanted;
  }
}

function sectionLoaded() {
  const where = frame.contentWindow.location;
  if (scroll !== null) {
    frame.contentWindow.scrollTo(0, scroll);
    scroll = null;
  }
  if (!where.pathname.startsWith(BOOK)) {
    return;
  }
  const href = where.pathname;
  history.replaceState(null, "", "#" + href.slice(BOOK.length));
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === href) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
}

function reloadSection() {
  const view = frame.contentWindow;
  if (view.location.href === "about:blank") {
    location.reload();
    return;
  }
  scroll = view.scrollY;
  view.location.reload();
}

function update(state) {
  error.textContent = state.error || "";
  error.hidden = !state.error;
  pdfState.textContent = state.pdfWords;
  pdfState.dataset.state = state.pdf;
  if (String(state.outline) !== shown.outline) {
    location.reload();
  } else if (String(state.build) !== shown.build) {
    shown.build = String(state.build);
    reloadSection();
  }
}

frame.addEventListener("load", sectionLoaded);
showSection();
new EventSource("/events").addEventListener("message", (event) => {
  update(JSON.parse(event.data));
});
