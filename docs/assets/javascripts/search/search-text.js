/*
 * How the site's search reads a query and ranks the pages: the browser's half.
 *
 * The index is built at build time by helpcenter/search/text.py and
 * helpcenter/search/engine.py; this file applies the same rules to what the reader
 * types, function for function, and scores and ranks the same way (lunr's
 * scoring over the index's compact postings), so the tests can reproduce in
 * Python what the browser shows. Change one side, change the other
 * (tests/test_search_text.py runs both on the same inputs).
 *
 * Needs lunr (lunr.min.js, for its TokenSet: prefixes and typos) and the
 * Snowball stemmers (snowball-base.js, snowball-stemmers.js) loaded first.
 */
(function (root) {
  "use strict";

  /* ------------------------------------------------------------------------
   * Words (search_text.py)
   * --------------------------------------------------------------------- */

  const ENYE = "\uE000";            /* stands for ñ while accents are stripped */
  const WORD = /[\p{L}\p{N}]+/gu;   /* letters and digits */
  const NUMBER = /^\p{N}$/u;
  const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
  const TYPED_SPACES = [" ", "\t", "\n", "\r", "\u00a0"];

  /* Lowercase and accent-free, ñ kept */
  function normalize(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/ñ/g, ENYE)
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .normalize("NFC")
      .replace(/\uE000/g, "ñ");
  }

  /* The words of a text, normalized */
  function tokenize(text) {
    return normalize(text).match(WORD) || [];
  }

  /* Snowball stemmer of one language, with a cache */
  function makeStemmer(language) {
    const Stemmer = (root.SnowballStemmers || {})[language];
    if (!Stemmer) return token => token;
    const stemmer = new Stemmer();
    const cache = new Map();
    return token => {
      let found = cache.get(token);
      if (found === undefined) {
        found = ASTRAL.test(token) ? token : stemmer.stemWord(token);
        cache.set(token, found);
      }
      return found;
    };
  }

  /* ------------------------------------------------------------------------
   * Analyzer: one language's stop words, stemmer and synonyms
   * --------------------------------------------------------------------- */

  class Analyzer {
    constructor(language, stopWords, synonyms) {
      this.language = language;
      this.stopWords = new Set(stopWords);
      this.stem = makeStemmer(language);
      this.table = new Map();       /* "mes ayud" -> ["_soport"] */
      this.longest = 0;
      for (const [key, tokens] of synonyms) {
        this.table.set(key.join(" "), tokens);
        this.longest = Math.max(this.longest, key.length);
      }
    }

    isStopWord(token) {
      const single = [...token].length < 2 && !NUMBER.test(token);
      return single || this.stopWords.has(token);
    }

    /* Stems of the words that are not stop words */
    analyze(text) {
      return tokenize(text)
        .filter(token => !this.isStopWord(token))
        .map(token => this.stem(token));
    }

    /* Synonym phrases: longest match first, left to right, no overlap */
    findPhrases(terms) {
      const spans = [];
      let start = 0;
      while (start < terms.length) {
        let matched = false;
        for (let size = Math.min(this.longest, terms.length - start); size > 0; size--) {
          const tokens = this.table.get(terms.slice(start, start + size).join(" "));
          if (tokens && tokens.length) {
            spans.push({ start, end: start + size, tokens });
            start += size;
            matched = true;
            break;
          }
        }
        if (!matched) start += 1;
      }
      return spans;
    }

    /* What a query asks for: a list of concepts (a word, or a synonym phrase) */
    analyzeQuery(query) {
      const words = tokenize(query).filter(token => !this.isStopWord(token));
      const terms = words.map(word => this.stem(word));
      const spans = new Map(this.findPhrases(terms).map(span => [span.start, span]));
      const concepts = [];
      let position = 0;
      while (position < terms.length) {
        const span = spans.get(position);
        const end = span ? span.end : position + 1;
        concepts.push({
          label: words.slice(position, end).join(" "),
          stems: terms.slice(position, end),
          groups: span ? span.tokens : []
        });
        position = end;
      }
      return concepts;
    }
  }

  /* ------------------------------------------------------------------------
   * Queries and ranking (search_engine.py)
   * --------------------------------------------------------------------- */

  const PREFIX_MIN = 3;
  const FUZZY_MIN = 5;
  const CORRECTION_MIN = 5;
  const MAX_CONCEPTS = 30;

  function isTyping(query) {
    return !TYPED_SPACES.some(space => query.endsWith(space));
  }

  const length = text => [...text].length;

  /* The clauses: every stem exactly and with one typo, the synonym groups; the last
     word also as a prefix while typed and unknown; typo fixes of unknown words */
  function queryClauses(concepts, typing, ranking, fixes, known) {
    const clauses = [];
    concepts.forEach((concept, number) => {
      concept.stems.forEach((stem, position) => {
        clauses.push({ term: stem, boost: ranking.exact, concept: number, prefix: false, fuzzy: 0 });
        const last = number === concepts.length - 1 && position === concept.stems.length - 1;
        if (typing && last && length(stem) >= PREFIX_MIN && !known.has(stem))
          clauses.push({ term: stem, boost: ranking.prefix, concept: number, prefix: true, fuzzy: 0 });
        if (length(stem) >= FUZZY_MIN)
          clauses.push({ term: stem, boost: ranking.fuzzy, concept: number, prefix: false, fuzzy: 1 });
      });
      for (const token of concept.groups)
        clauses.push({ term: token, boost: ranking.synonym, concept: number, prefix: false, fuzzy: 0 });
      for (const fixed of fixes.get(number) || [])
        clauses.push({ term: fixed, boost: ranking.fuzzy, concept: number, prefix: false, fuzzy: 0 });
    });
    return clauses;
  }

  function bitCount(mask) {
    let count = 0;
    for (; mask; mask &= mask - 1) count += 1;
    return count;
  }

  /* How many concepts a page must match: a share of the concepts the site knows,
     rounded up, at least one (search_engine.required_concepts) */
  function requiredConcepts(known, ranking) {
    return Math.max(1, Math.ceil(known * ranking.match));
  }

  /* Group the matching documents by page, keep the pages that match enough of the query
     and score at least a share of the best one, re-rank them (search_engine.rank) */
  function rank(hits, concepts, docs, ranking) {
    let known = 0;
    const byPage = new Map();
    for (const hit of hits) {
      known |= hit.concepts;
      const doc = docs[hit.doc];
      const page = doc.page === undefined ? hit.doc : doc.page;
      if (!byPage.has(page)) byPage.set(page, []);
      byPage.get(page).push(hit);
    }
    const required = requiredConcepts(bitCount(known), ranking);
    const results = [];
    for (const [page, pageHits] of byPage) {
      let mask = 0;
      for (const hit of pageHits) mask |= hit.concepts;
      if (bitCount(mask) < required) continue;
      const coverage = concepts ? bitCount(mask) / concepts : 0;
      const factor = 1 + ranking.coverage * coverage * coverage;
      const items = pageHits.map(hit => {
        const weight = hit.doc === page ? ranking.article : 1;
        return { doc: hit.doc, score: hit.score * factor * weight };
      });
      items.sort((a, b) => (b.score - a.score) || (a.doc - b.doc));
      results.push({ page, location: docs[page].location, score: items[0].score, items, coverage, mask });
    }
    results.sort((a, b) => (b.score - a.score) || (a.page - b.page));
    const floor = results.length ? results[0].score * ranking.relevance : 0;
    return results.filter(result => result.score >= floor);
  }

  /* ------------------------------------------------------------------------
   * The index: compact postings and lunr's scoring (search_engine.CompactIndex)
   * --------------------------------------------------------------------- */

  /* Postings: 5 bits per character, a character with 32 added when more of the
     number follow (search_engine.encode_numbers) */
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const DIGITS = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

  function decodeNumbers(text) {
    const numbers = [];
    let value = 0;
    let shift = 0;
    for (let i = 0; i < text.length; i++) {
      const digit = DIGITS[text.charCodeAt(i)];
      if (digit < 0) throw new Error("postings hold a character that is not a digit");
      value += (digit & 31) * 2 ** shift;
      if (digit & 32) shift += 5;
      else {
        numbers.push(value);
        value = 0;
        shift = 0;
      }
    }
    if (shift) throw new Error("postings end in the middle of a number");
    return numbers;
  }

  /* One term's postings string: per field, documents and weights (search_engine.decode_postings) */
  function decodePostings(text, fields) {
    const numbers = decodeNumbers(text);
    const decoded = [];
    let position = 0;
    for (let field = 0; field < fields; field++) {
      const count = numbers[position++];
      const docs = new Int32Array(count);
      const weights = new Float64Array(count);
      let previous = -1;
      for (let j = 0; j < count; j++) {
        previous += numbers[position];
        docs[j] = previous;
        weights[j] = numbers[position + 1] / 1000;
        position += 2;
      }
      decoded.push({ docs, weights });
    }
    if (position !== numbers.length) throw new Error("postings hold more numbers than their fields");
    return decoded;
  }

  class CompactIndex {
    constructor(data, lunr) {
      this.lunr = lunr;
      this.fields = data.fields;
      this.terms = data.terms;
      this.ids = new Map(data.terms.map((term, number) => [term, number]));
      this.encoded = data.postings;     /* decoded term by term, when a query needs them */
      this.decoded = new Array(data.terms.length);
      this.built = null;
      this.scores = new Float64Array(data.documents);
      this.masks = new Int32Array(data.documents);
    }

    /* lunr's TokenSet of the terms (prefixes and typos), built when first needed */
    get tokenSet() {
      if (!this.built) this.built = this.lunr.TokenSet.fromArray(this.terms);
      return this.built;
    }

    postings(number) {
      let found = this.decoded[number];
      if (found === undefined)
        found = this.decoded[number] = decodePostings(this.encoded[number], this.fields.length);
      return found;
    }

    /* The index terms a clause stands for, as term numbers */
    expand(clause) {
      const lunr = this.lunr;
      let found;
      if (clause.fuzzy)
        found = this.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(clause.term, clause.fuzzy));
      else if (clause.prefix)
        found = this.tokenSet.intersect(lunr.TokenSet.fromString(clause.term + "*"));
      else {
        const number = this.ids.get(clause.term);
        return number === undefined ? [] : [number];
      }
      return found.toArray().map(term => this.ids.get(term)).sort((a, b) => a - b);
    }

    /* lunr's scores of the documents matching any clause, with their concepts */
    query(clauses) {
      const boosts = new Map();
      const concepts = new Map();
      for (const clause of clauses)
        for (const number of this.expand(clause)) {
          boosts.set(number, (boosts.get(number) || 0) + clause.boost);
          concepts.set(number, (concepts.get(number) || 0) | (1 << clause.concept));
        }
      if (!boosts.size) return { hits: [], terms: new Set() };
      const order = [...boosts.keys()].sort((a, b) => a - b);
      let sum = 0;
      for (const number of order) sum += boosts.get(number) * boosts.get(number);
      const length = Math.sqrt(sum);
      const { scores, masks } = this;
      const touched = [];
      for (const number of order) {
        const boost = boosts.get(number);
        const mask = concepts.get(number);
        for (const { docs, weights } of this.postings(number))
          for (let i = 0; i < docs.length; i++) {
            const doc = docs[i];
            if (masks[doc] === 0) touched.push(doc);
            scores[doc] = scores[doc] + boost * weights[i];
            masks[doc] |= mask;
          }
      }
      touched.sort((a, b) => a - b);
      const hits = touched.map(doc => ({ doc, score: scores[doc] / length, concepts: masks[doc] }));
      for (const doc of touched) {
        scores[doc] = 0;
        masks[doc] = 0;
      }
      return { hits, terms: new Set(order.map(number => this.terms[number])) };
    }
  }

  /* ------------------------------------------------------------------------
   * Engine: a loaded search file (search_engine.Engine)
   * --------------------------------------------------------------------- */

  const PAYLOAD_VERSION = 4;

  /* The documents of a search file, in index order (search_engine.documents): location,
     title, text (empty until the texts file is loaded) and, for a section, its page */
  function documents(payload) {
    const docs = [];
    for (const [location, title, sections] of payload.pages) {
      const page = docs.length;
      docs.push({ location, title, text: "" });
      for (const [anchor, sectionTitle] of sections)
        docs.push({ location: `${location}#${anchor}`, title: sectionTitle, text: "", page });
    }
    return docs;
  }

  class Engine {
    constructor(payload, lunr, texts) {
      if (payload.version !== PAYLOAD_VERSION)
        throw new Error(`search file version ${payload.version} is not supported`);
      this.lunr = lunr;
      this.id = payload.id;
      this.language = payload.lang;
      this.docs = documents(payload);
      this.ranking = payload.ranking;
      this.analyzer = new Analyzer(
        payload.lang, payload.analysis.stopWords, payload.analysis.synonyms
      );
      this.index = new CompactIndex(payload.index, lunr);
      this.wordList = payload.analysis.words;
      this.wordSet = null;
      this.hasTexts = false;
      if (texts) this.setTexts(texts);
    }

    /* The section texts (search_text.<lang>.json), when they belong to this index */
    setTexts(texts) {
      if (texts.id !== this.id || texts.texts.length !== this.docs.length)
        throw new Error("the texts file belongs to another build of the index");
      texts.texts.forEach((text, number) => { this.docs[number].text = text; });
      this.hasTexts = true;
    }

    /* The site's words (typo fixes), as a TokenSet built when first needed */
    get words() {
      if (!this.wordSet) this.wordSet = this.lunr.TokenSet.fromArray(this.wordList);
      return this.wordSet;
    }

    /* Build now what the first queries would otherwise build */
    warm() {
      return this.index.tokenSet && this.words;
    }

    concepts(query) {
      return this.analyzer.analyzeQuery(query).slice(0, MAX_CONCEPTS);
    }

    /* For each one-word concept whose stem the index lacks, the stems of the site's
       words one typo away from it (search_engine.Engine.typo_fixes) */
    typoFixes(concepts) {
      const fixes = new Map();
      const known = this.index.ids;
      concepts.forEach((concept, number) => {
        const word = concept.label;
        if (concept.stems.length !== 1 || concept.groups.length || length(word) < CORRECTION_MIN)
          return;
        if (known.has(concept.stems[0])) return;
        const near = this.words.intersect(this.lunr.TokenSet.fromFuzzyString(word, 1)).toArray();
        const stems = new Set(near.map(found => this.analyzer.stem(found)));
        const found = [...stems].filter(stem => known.has(stem)).sort();
        if (found.length) fixes.set(number, found);
      });
      return fixes;
    }

    /* The pages for a query, best first, each with its matching documents; and the
       index terms the query looked for (to mark them in the results) */
    search(query) {
      const concepts = this.concepts(query);
      const fixes = this.typoFixes(concepts);
      const clauses = queryClauses(concepts, isTyping(query), this.ranking, fixes, this.index.ids);
      if (!clauses.length) return { concepts, fixes, terms: new Set(), results: [] };
      const { hits, terms } = this.index.query(clauses);
      return { concepts, fixes, terms, results: rank(hits, concepts.length, this.docs, this.ranking) };
    }
  }

  root.SearchText = {
    normalize, tokenize, Analyzer, Engine, CompactIndex, isTyping, queryClauses, rank, requiredConcepts,
    decodeNumbers, documents
  };
})(typeof self !== "undefined" ? self : this);
