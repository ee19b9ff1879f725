// The page at `/`: checks the story with /v1/check, marks what was found, applies one fix in
// the page or every safe fix with /v1/fix. Offsets are the findings' UTF-16 offsets, which
// are JavaScript string indices.
"use strict";

const $ = (id) => document.getElementById(id);
const story = $("story");
const statusLine = $("status");
// The text the findings on show were found in, and the findings.
let checked = null;
let findings = [];

function say(message, failed) {
  statusLine.textContent = message;
  statusLine.classList.toggle("failed", Boolean(failed));
}

function request() {
  const body = { text: story.value, profile: $("profile").value };
  if ($("date").value) body.date = $("date").value;
  return body;
}

async function post(path, body) {
  const r = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await r.json();
  if (!r.ok) throw new Error(answer.error || r.statusText);
  return answer;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

// The story with each finding's span a link to its entry in the list. Where findings overlap,
// each piece of text links to the narrowest finding over it.
function renderMarked(text) {
  const marked = $("marked");
  marked.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const f of findings) {
    cuts.add(f.start_utf16);
    cuts.add(f.end_utf16);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let open = null;
  for (let k = 0; k + 1 < points.length; k++) {
    const [from, to] = [points[k], points[k + 1]];
    let best = -1;
    findings.forEach((f, i) => {
      if (f.start_utf16 <= from && f.end_utf16 >= to && (best < 0 ||
          f.end_utf16 - f.start_utf16 < findings[best].end_utf16 - findings[best].start_utf16)) {
        best = i;
      }
    });
    const piece = text.slice(from, to);
    if (best < 0) {
      open = null;
      marked.append(piece);
    } else if (open && open.dataset.index === String(best)) {
      open.append(piece);
    } else {
      const f = findings[best];
      open = el("a", {
        href: "#finding-" + best,
        class: f.severity,
        title: f.message,
        "data-rule": f.rule,
        "data-index": String(best),
      }, piece);
      marked.append(open);
    }
  }
}

function renderList() {
  const list = $("findings");
  list.replaceChildren();
  findings.forEach((f, i) => {
    const item = el("li", { id: "finding-" + i, "data-rule": f.rule, tabindex: "-1" },
      el("span", { class: "severity " + f.severity }, f.severity), " ",
      el("span", { class: "message" }, f.message), " ",
      el("span", { class: "rule" }, "(" + f.rule + ", line " + f.line + ")"), el("br"),
      el("span", { class: "quote" }, "“" + f.text + "”"));
    f.fixes.forEach((fix, j) => {
      const b = el("button", { type: "button", class: "apply", "data-safety": fix.safety },
        fix.title + (fix.safety === "safe" ? "" : " (review)"));
      b.addEventListener("click", () => applyFix(i, j));
      item.append(el("br"), b);
    });
    list.append(item);
  });
}

function render(text, answer) {
  checked = text;
  findings = answer.findings;
  renderMarked(text);
  renderList();
  const safe = findings.filter((f) => f.fixes.some((x) => x.safety === "safe")).length;
  const n = findings.length;
  say(n === 0
    ? "Nothing found (" + answer.profile + ", " + answer.date + ")."
    : n + " finding" + (n === 1 ? "" : "s") + ", " + safe + " with a safe fix (" +
      answer.profile + ", " + answer.date + ").");
}

async function check() {
  const body = request();
  say("Checking…");
  try {
    render(body.text, await post("/v1/check", body));
  } catch (e) {
    say("Could not check: " + e.message, true);
  }
}

async function applyFix(i, j) {
  if (story.value !== checked) {
    say("The story changed after the check; checking it again first.");
    return check();
  }
  const edits = findings[i].fixes[j].edits.slice().sort((a, b) => b.start_utf16 - a.start_utf16);
  let text = checked;
  for (const e of edits) {
    text = text.slice(0, e.start_utf16) + e.replacement + text.slice(e.end_utf16);
  }
  story.value = text;
  await check();
}

async function fixAll() {
  const body = request();
  say("Applying safe fixes…");
  try {
    const answer = await post("/v1/fix", body);
    story.value = answer.text;
    render(answer.text, answer);
    say("Applied " + answer.fixed + " safe fix" + (answer.fixed === 1 ? "" : "es") + ". " +
      statusLine.textContent);
  } catch (e) {
    say("Could not fix: " + e.message, true);
  }
}

async function loadProfiles() {
  try {
    const r = await fetch("/v1/profiles");
    const answer = await r.json();
    const select = $("profile");
    for (const p of answer.profiles) {
      const o = el("option", { value: p }, p);
      if (p === answer.default) o.selected = true;
      select.append(o);
    }
  } catch (e) {
    say("Could not list the houses: " + e.message, true);
  }
}

$("desk").addEventListener("submit", (e) => {
  e.preventDefault();
  check();
});
$("fix-all").addEventListener("click", fixAll);
story.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    check();
  }
});
loadProfiles();
