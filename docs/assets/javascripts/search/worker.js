/*
 * The site's search worker: answers Material's search box with the prebuilt
 * index of the page's language.
 *
 * Material's page script starts this worker (its URL comes from
 * overrides/partials/search-config.html, with ?lang=<page language>) and talks
 * to it with Material's messages: SETUP (with Material's search_index.json,
 * which carries no documents here), READY, QUERY (the text typed) and RESULT
 * (the pages found, grouped as Material renders them).
 *
 * The worker fetches search/search_index.<lang>.json as soon as it starts,
 * before it loads its scripts, and says READY as soon as its lunr index
 * (built at build time by hooks/search_index.py) is loaded, without waiting
 * for SETUP (whose data it does not need; it answers SETUP with READY too).
 * Then it fetches search/search_text.<lang>.json, the section text shown
 * under the results: a query waits for it only if it arrives first.
 *
 * A query overtaken by a newer one before it is answered gets no answer (typing sends
 * one per key). After each answer it says how many pages the query found on the BroadcastChannel
 * "hc-search" ({ lang, query, count }), for search-help.js, which shows what to do
 * when nothing is found.
 */
"use strict";

/* This file is assets/javascripts/search/worker.js: the site's root is three levels up */
const ROOT = new URL("../../../", self.location.href);
const LANGUAGE = new URL(self.location.href).searchParams.get("lang") || "es";

function fetchJSON(name) {
  return fetch(new URL(`search/${name}.${LANGUAGE}.json`, ROOT)).then(response => {
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    return response.json();
  });
}

const payload = fetchJSON("search_index");  /* on the wire while the scripts load */

importScripts("lunr.min.js", "snowball-base.js", "snowball-stemmers.js", "search-text.js");

/* Material's message types (src/.../search/worker/message) */
const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const HIGHLIGHTED_PAGES = 20;  /* pages whose documents are highlighted (the ones shown first) */
const MAX_PAGES = 100;         /* pages sent to Material's list (it shows 10, then more on scroll) */
const TEASER_BLOCKS = 2;       /* paragraphs or lists shown under a result, as Material */

lunr.utils.warn = console.warn;

const engine = payload
  .then(data => new SearchText.Engine(data, lunr))
  .catch(error => {
    console.warn("Search is not available:", error);
    return null;
  });

/* Material's page script listens from the moment it starts the worker */
engine.then(loaded => {
  if (loaded) {
    postMessage({ type: READY });
    setTimeout(() => loaded.warm(), 0);  /* before the first query, if it can */
  }
});

/* The section texts, fetched once the index is in (not to slow it down); results
   without them show titles only */
const texts = Promise.all([engine, payload.then(() => fetchJSON("search_text"))])
  .then(([loaded, data]) => loaded && loaded.setTexts(data))
  .catch(error => console.warn("Search shows no text under its results:", error));

/* Where the page hears how many pages a query found (search-help.js) */
const counts = typeof BroadcastChannel === "function" ? new BroadcastChannel("hc-search") : null;

/* Material sends a query for every key typed. A query that a newer one has overtaken
   while it waited (for the index, or behind the keys already sent) gets no answer: the
   newest does, so a slow phone does not work through every key, and the list never ends
   on an older query's answer. */
let newestQuery = 0;

addEventListener("message", async event => {
  const number = event.data && event.data.type === QUERY ? ++newestQuery : 0;
  const overtaken = () => number !== 0 && number !== newestQuery;
  if (number) await nextTask();  /* the keys already sent arrive first */
  if (overtaken()) return;
  const answer = await handle(event.data);
  if (overtaken()) return;
  postMessage(answer);
  if (counts && answer.type === RESULT)
    counts.postMessage({ lang: LANGUAGE, query: event.data.data, count: answer.data.items.length });
});

function nextTask() {
  return new Promise(resolve => setTimeout(resolve, 0));
}

async function handle(message) {
  switch (message.type) {
    case SETUP:
      await engine;
      return { type: READY };
    case QUERY: {
      const loaded = await engine;
      await texts;
      try {
        return { type: RESULT, data: loaded ? results(loaded, message.data) : { items: [] } };
      } catch (error) {
        console.warn(`Invalid query: ${message.data}`, error);
        return { type: RESULT, data: { items: [] } };
      }
    }
    default:
      throw new TypeError("Invalid message type");
  }
}

/* ----------------------------------------------------------------------------
 * Results as Material renders them
 * ------------------------------------------------------------------------- */

/* Material's SearchResult: one list of documents per page, the page's own first found */
function results(loaded, query) {
  const { concepts, terms, results } = loaded.search(query);
  const items = results.slice(0, MAX_PAGES).map((result, rank) => {
    const highlight = rank < HIGHLIGHTED_PAGES;
    const group = result.items.map(item => render(loaded, item.doc, item.score, terms, highlight));
    if (!result.items.some(item => item.doc === result.page))
      group.push(render(loaded, result.page, 0, terms, highlight));
    const found = {};
    for (const item of group)
      for (const word of item.words) found[word] = true;
    concepts.forEach((concept, number) => {
      if (!(result.mask & (1 << number))) found[concept.label] = false;
    });
    return group.map(({ words, ...item }) => ({ ...item, terms: found }));
  });
  return { items };
}

/* One document: title and teaser with the words the query looked for marked */
function render(loaded, index, score, terms, highlight) {
  const doc = loaded.docs[index];
  if (!highlight)
    return { location: doc.location, title: doc.title, text: firstBlocks(doc.text), score, words: [] };
  const words = new Set();
  const title = mark(loaded.analyzer, doc.title, terms, words);
  const text = teaser(mark(loaded.analyzer, doc.text, terms, words));
  return { location: doc.location, title, text, score, words: [...words] };
}

/* Wrap in <mark> the words of an HTML string whose stems (or synonym phrases) matched */
function mark(analyzer, markup, terms, found) {
  const words = [];
  for (const segment of textSegments(markup))
    for (const match of segment.text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const stems = analyzeWord(analyzer, match[0]);
      words.push({
        start: segment.start + match.index,
        end: segment.start + match.index + match[0].length,
        stems
      });
    }
  const marked = new Set();
  words.forEach((word, number) => {
    if (word.stems.some(stem => terms.has(stem))) marked.add(number);
  });
  const content = [];
  words.forEach((word, number) => {
    for (const _ of word.stems) content.push(number);
  });
  const stems = words.flatMap(word => word.stems);
  for (const span of analyzer.findPhrases(stems))
    if (span.tokens.some(token => terms.has(token)))
      for (let k = span.start; k < span.end; k++) marked.add(content[k]);
  if (!marked.size) return markup;
  let out = "";
  let cursor = 0;
  for (const number of [...marked].sort((a, b) => a - b)) {
    const { start, end } = words[number];
    out += markup.slice(cursor, start) + "<mark>" + markup.slice(start, end) + "</mark>";
    found.add(markup.slice(start, end).toLowerCase());
    cursor = end;
  }
  return out + markup.slice(cursor);
}

/* A word's stems, remembered: the same words come back in every result list */
const analyzed = new Map();
function analyzeWord(analyzer, word) {
  let stems = analyzed.get(word);
  if (stems === undefined) {
    if (analyzed.size > 200000) analyzed.clear();
    stems = analyzer.analyze(word);
    analyzed.set(word, stems);
  }
  return stems;
}

/* The text between the tags of an HTML string, with where each piece starts */
function textSegments(markup) {
  const segments = [];
  const tag = /<[^>]*>/g;
  let cursor = 0;
  for (const match of markup.matchAll(tag)) {
    if (match.index > cursor) segments.push({ start: cursor, text: markup.slice(cursor, match.index) });
    cursor = match.index + match[0].length;
  }
  if (cursor < markup.length) segments.push({ start: cursor, text: markup.slice(cursor) });
  return segments;
}

/* The top-level blocks (paragraphs, lists) of Material's section text */
function blocks(markup) {
  const found = [];
  const tag = /<(\/?)([a-z0-9]+)[^>]*>/gi;
  let depth = 0;
  let start = 0;
  for (const match of markup.matchAll(tag)) {
    if (match[1]) {
      depth -= 1;
      if (depth === 0) {
        found.push(markup.slice(start, match.index + match[0].length));
        start = match.index + match[0].length;
      }
    } else {
      if (depth === 0) {
        if (markup.slice(start, match.index).trim()) found.push(markup.slice(start, match.index));
        start = match.index;
      }
      depth += 1;
    }
  }
  if (markup.slice(start).trim()) found.push(markup.slice(start));
  return found.filter(block => block.trim());
}

/* The blocks with a match, at most two; the whole text when none has one (as Material) */
function teaser(markup) {
  const matching = blocks(markup).filter(block => block.includes("<mark>"));
  return matching.length ? matching.slice(0, TEASER_BLOCKS).join("") : markup;
}

function firstBlocks(markup) {
  return blocks(markup).slice(0, 1).join("");
}
