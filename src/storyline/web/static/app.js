// storyline pages: timeline filters, the removed-text toggle and, in the one-file report,
// page routing and search. Article text only ever reaches the page as text nodes.
(function () {
  "use strict";
  const report = document.body.classList.contains("report");

  function paramsOf(query) {
    const p = new URLSearchParams(query || "");
    return { q: p.get("q") || "", outlet: p.get("outlet") || "", from: p.get("from") || "",
             to: p.get("to") || "", entity: p.get("entity") || "", story: p.get("story") || "" };
  }

  function fill(form, params) {
    for (const [name, value] of Object.entries(params)) {
      const field = form.elements.namedItem(name);
      if (field && value) field.value = value;
    }
  }

  // -- timeline: entries overlap [from, to], mention the entity, come from the outlet
  function lowBound(v) { return v.length === 4 ? v + "-01-01" : v.length === 7 ? v + "-01" : v; }
  function highBound(v) { return v.length === 4 ? v + "-12-31" : v.length === 7 ? v + "-31" : v; }

  function filterTimeline(form) {
    const list = form.parentElement.querySelector("[data-timeline]");
    if (!list) return;
    const f = form.elements;
    const from = lowBound(f.namedItem("from").value.trim());
    const to = highBound(f.namedItem("to").value.trim());
    const entity = f.namedItem("entity").value;
    const outlet = f.namedItem("outlet").value;
    let shown = 0, total = 0;
    for (const li of list.querySelectorAll("li[data-first]")) {
      total++;
      const ok = (!from || li.dataset.last >= from) && (!to || li.dataset.first <= to) &&
        (!entity || li.dataset.entities.split(" ").includes(entity)) &&
        (!outlet || li.dataset.outlets.split(" ").includes(outlet));
      li.hidden = !ok;
      if (ok) shown++;
    }
    const count = form.querySelector("[data-count]");
    // A page of a longer timeline (the app) says so: the form's filters apply to all of it.
    const all = Number(list.dataset.all || total);
    if (count) count.textContent = shown + " of " + total + " entries" + (all > total ? " on this page" : "");
  }

  for (const form of document.querySelectorAll("form[data-timeline-filter]")) {
    form.addEventListener("input", () => filterTimeline(form));
    form.addEventListener("change", () => filterTimeline(form));
    filterTimeline(form);
  }

  // -- removed boilerplate, all at once
  for (const button of document.querySelectorAll("[data-toggle-removed]")) {
    button.addEventListener("click", () => {
      const scope = button.closest("section.page") || document;
      const all = scope.querySelectorAll("details.removed");
      const open = !Array.from(all).every((d) => d.open);
      all.forEach((d) => { d.open = open; });
      button.textContent = open ? "Hide removed boilerplate" : "Show removed boilerplate";
    });
  }

  if (!report) return;  // the app's forms submit to the server, which filters too

  for (const form of document.querySelectorAll("form[data-timeline-filter]")) {
    form.addEventListener("submit", (ev) => { ev.preventDefault(); filterTimeline(form); });
  }

  // -- report: one section shown at a time, chosen by the address's #fragment
  const sections = Array.from(document.querySelectorAll("section.page"));

  function route() {
    const raw = location.hash.slice(1);
    const cut = raw.indexOf("?");
    let target = "";
    try { target = decodeURIComponent(cut < 0 ? raw : raw.slice(0, cut)); } catch (e) { target = ""; }
    const query = cut < 0 ? "" : raw.slice(cut + 1);
    let el = target ? document.getElementById(target) : null;
    let section = el ? el.closest("section.page") : null;
    if (!section) { section = document.getElementById("overview"); el = null; }
    for (const s of sections) s.hidden = s !== section;
    document.title = (section.dataset.title || "storyline") + " · storyline dossier";
    const timeline = section.querySelector("form[data-timeline-filter]");
    if (timeline) { fill(timeline, paramsOf(query)); filterTimeline(timeline); }
    const search = section.querySelector("form[data-search-page]");
    if (search) { search.reset(); fill(search, paramsOf(query)); runSearch(search); }
    if (el && el !== section) el.scrollIntoView({ block: "center" }); else window.scrollTo(0, 0);
  }

  function termsOf(q) {
    const terms = [];
    const re = /"([^"]*)"|([\p{L}\p{N}_]+)/gu;
    let m;
    while ((m = re.exec(q)) !== null) {
      const t = (m[1] !== undefined ? m[1] : m[2]).trim().toLowerCase();
      if (t) terms.push(t);
    }
    return terms;
  }

  function snippet(text, terms) {
    const lower = text.toLowerCase();
    let at = -1;
    for (const t of terms) { const i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; }
    const div = document.createElement("div");
    div.className = "snippet";
    if (at < 0) { div.textContent = text.slice(0, 200); return div; }
    let lo = Math.max(0, at - 90);
    const space = text.indexOf(" ", lo);
    if (lo > 0 && space >= 0 && space < at) lo = space + 1;
    const hi = Math.min(text.length, at + 160);
    const piece = text.slice(lo, hi);
    const pl = piece.toLowerCase();
    let pos = 0;
    div.append(lo > 0 ? "… " : "");
    while (pos < piece.length) {
      let next = -1, len = 0;
      for (const t of terms) { const i = pl.indexOf(t, pos); if (i >= 0 && (next < 0 || i < next)) { next = i; len = t.length; } }
      if (next < 0) { div.append(piece.slice(pos)); break; }
      div.append(piece.slice(pos, next));
      const mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      div.append(mark);
      pos = next + len;
    }
    if (hi < text.length) div.append(" …");
    return div;
  }

  // The clean text only: removed boilerplate (in <details>) is not part of the article.
  function bodyText(doc) {
    const copy = doc.cloneNode(true);
    copy.querySelectorAll("details").forEach((el) => el.remove());
    return copy.textContent;
  }

  function runSearch(form) {
    const f = paramsOf(new URLSearchParams(new FormData(form)).toString());
    const out = form.parentElement.querySelector("[data-results]");
    out.replaceChildren();
    const terms = termsOf(f.q);
    if (!terms.length && !f.outlet && !f.from && !f.to && !f.entity && !f.story) return;
    const from = lowBound(f.from), to = highBound(f.to);
    const hits = [];
    for (const doc of document.querySelectorAll("[data-doc]")) {
      const ds = doc.dataset;
      if (f.outlet && ds.outlet !== f.outlet) continue;
      if (f.story && ds.story !== f.story) continue;
      if (f.entity && !ds.entities.split(" ").includes(f.entity)) continue;
      if ((from || to) && (!ds.date || (from && ds.date < from) || (to && ds.date > to))) continue;
      const text = bodyText(doc);
      const hay = (ds.title + "\n" + text).toLowerCase();
      if (!terms.every((t) => hay.includes(t))) continue;
      hits.push([doc, text]);
    }
    const count = document.createElement("p");
    count.className = "count";
    count.textContent = hits.length + (hits.length === 1 ? " article found." : " articles found.");
    const list = document.createElement("ol");
    list.className = "results";
    for (const [doc, text] of hits) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#article-" + doc.dataset.doc;
      a.textContent = doc.dataset.title;
      const meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + doc.dataset.outlet + ", " + (doc.dataset.date || "undated");
      li.append(a, meta);
      if (terms.length) li.append(snippet(text, terms));
      list.append(li);
    }
    out.append(count, list);
  }

  for (const form of document.querySelectorAll("form[data-search-form]")) {
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const query = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v) query.set(k, v);
      location.hash = "search?" + query.toString();
    });
  }
  window.addEventListener("hashchange", route);
  route();
})();
