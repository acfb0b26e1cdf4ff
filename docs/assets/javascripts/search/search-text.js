/*
 * How the site's search reads a query and ranks the pages: the browser's half.
 *
 * The index is built at build time by hooks/search_text.py and
 * hooks/search_engine.py; this file applies the same rules to what the reader
 * types, function for function, and ranks lunr's results the same way, so the
 * tests can reproduce in Python what the browser shows. Change one side, change
 * the other (tests/test_search_text.py runs both on the same inputs).
 *
 * Needs lunr (lunr.min.js) and the Snowball stemmers (snowball-base.js,
 * snowball-stemmers.js) loaded first.
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

  const PREFIX_MIN = 2;
  const FUZZY_MIN = 5;
  const CORRECTION_MIN = 5;

  function isTyping(query) {
    return !TYPED_SPACES.some(space => query.endsWith(space));
  }

  /* The lunr clauses: every stem, its typos, the last one as a prefix, the groups,
     and for a word the index does not know, the known stems one typo away (fixes) */
  function queryClauses(concepts, typing, ranking, fixes) {
    const clauses = [];
    concepts.forEach((concept, number) => {
      concept.stems.forEach((stem, position) => {
        clauses.push({ term: stem, boost: ranking.exact, prefix: false, fuzzy: 0 });
        const last = number === concepts.length - 1 && position === concept.stems.length - 1;
        if (typing && last && [...stem].length >= PREFIX_MIN)
          clauses.push({ term: stem, boost: ranking.prefix, prefix: true, fuzzy: 0 });
        if ([...stem].length >= FUZZY_MIN)
          clauses.push({ term: stem, boost: ranking.fuzzy, prefix: false, fuzzy: 1 });
      });
      for (const token of concept.groups)
        clauses.push({ term: token, boost: ranking.synonym, prefix: false, fuzzy: 0 });
      for (const fixed of fixes.get(number) || [])
        clauses.push({ term: fixed, boost: ranking.fuzzy, prefix: false, fuzzy: 0 });
    });
    return clauses;
  }

  /* At most one insertion, deletion, substitution or swap of neighbours apart */
  function withinOneEdit(a, b) {
    if (a === b) return true;
    a = [...a];
    b = [...b];
    if (Math.abs(a.length - b.length) > 1) return false;
    if (a.length > b.length) [a, b] = [b, a];
    let start = 0;
    while (start < a.length && a[start] === b[start]) start += 1;
    const rest = (list, from) => list.slice(from).join("\u0001");
    if (a.length === b.length) {
      if (rest(a, start + 1) === rest(b, start + 1)) return true;
      return start + 1 < a.length &&
        a[start] === b[start + 1] &&
        a[start + 1] === b[start] &&
        rest(a, start + 2) === rest(b, start + 2);
    }
    return rest(a, start) === rest(b, start + 1);
  }

  function conceptMatched(concept, terms, clauses, fixes) {
    if (concept.groups.some(token => terms.has(token))) return true;
    if ((fixes || []).some(fixed => terms.has(fixed))) return true;
    for (const stem of concept.stems) {
      if (terms.has(stem)) continue;
      const prefix = clauses.some(c => c.prefix && c.term === stem);
      const fuzzy = clauses.some(c => c.fuzzy && c.term === stem);
      if (prefix && [...terms].some(term => term.startsWith(stem))) continue;
      if (fuzzy && [...terms].some(term => withinOneEdit(term, stem))) continue;
      return false;
    }
    return concept.stems.length > 0;
  }

  /* Group lunr's documents by page and re-rank the pages (search_engine.rank) */
  function rank(hits, concepts, clauses, docs, ranking, fixes) {
    const byPage = new Map();
    for (const hit of hits) {
      const doc = docs[hit.doc];
      const page = doc.page === undefined ? hit.doc : doc.page;
      if (!byPage.has(page)) byPage.set(page, []);
      byPage.get(page).push(hit);
    }
    const results = [];
    for (const [page, pageHits] of byPage) {
      const matched = new Set();
      for (const hit of pageHits)
        for (const term of hit.terms) matched.add(term);
      const flags = concepts.map((concept, number) =>
        conceptMatched(concept, matched, clauses, fixes.get(number)));
      const found = flags.filter(Boolean).length;
      const coverage = concepts.length ? found / concepts.length : 0;
      const factor = 1 + ranking.coverage * coverage * coverage;
      const items = pageHits.map(hit => {
        const weight = hit.doc === page ? ranking.article : 1;
        return { doc: hit.doc, score: hit.score * factor * weight };
      });
      items.sort((a, b) => (b.score - a.score) || (a.doc - b.doc));
      results.push({
        page,
        location: docs[page].location,
        score: items[0].score,
        items,
        coverage,
        terms: matched,
        concepts: flags
      });
    }
    results.sort((a, b) => (b.score - a.score) || (a.page - b.page));
    return results;
  }

  /* ------------------------------------------------------------------------
   * Engine: a loaded search file (search_engine.Engine)
   * --------------------------------------------------------------------- */

  const PAYLOAD_VERSION = 1;

  class Engine {
    constructor(payload, lunr) {
      if (payload.version !== PAYLOAD_VERSION)
        throw new Error(`search file version ${payload.version} is not supported`);
      this.lunr = lunr;
      this.language = payload.lang;
      this.docs = payload.docs;
      this.ranking = payload.ranking;
      this.analyzer = new Analyzer(
        payload.lang, payload.analysis.stopWords, payload.analysis.synonyms
      );
      this.index = lunr.Index.load(payload.index);
      this.words = lunr.TokenSet.fromArray(payload.analysis.words);
    }

    /* For each one-word concept whose stem the index lacks, the stems of the site's
       words one typo away from it (search_engine.Engine.typo_fixes) */
    typoFixes(concepts) {
      const fixes = new Map();
      const known = this.index.invertedIndex;
      concepts.forEach((concept, number) => {
        const word = concept.label;
        if (concept.stems.length !== 1 || concept.groups.length || [...word].length < CORRECTION_MIN)
          return;
        if (concept.stems[0] in known) return;
        const near = this.words.intersect(this.lunr.TokenSet.fromFuzzyString(word, 1)).toArray();
        const stems = new Set(near.map(found => this.analyzer.stem(found)));
        const found = [...stems].filter(stem => stem in known).sort();
        if (found.length) fixes.set(number, found);
      });
      return fixes;
    }

    /* The pages for a query, best first, each with its matching documents */
    search(query) {
      const concepts = this.analyzer.analyzeQuery(query);
      const fixes = this.typoFixes(concepts);
      const clauses = queryClauses(concepts, isTyping(query), this.ranking, fixes);
      if (!clauses.length) return { concepts, results: [] };
      const lunr = this.lunr;
      const hits = this.index.query(builder => {
        for (const clause of clauses) {
          const options = {
            boost: clause.boost,
            usePipeline: false,
            wildcard: clause.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
          };
          /* lunr treats any editDistance, even 0, as fuzzy (and then ignores wildcards) */
          if (clause.fuzzy) options.editDistance = clause.fuzzy;
          builder.term(clause.term, options);
        }
      }).map(hit => ({
        doc: parseInt(hit.ref, 10),
        score: hit.score,
        terms: new Set(Object.keys(hit.matchData.metadata))
      }));
      return {
        concepts, fixes, results: rank(hits, concepts, clauses, this.docs, this.ranking, fixes)
      };
    }
  }

  root.SearchText = {
    normalize, tokenize, Analyzer, Engine,
    isTyping, queryClauses, withinOneEdit, conceptMatched, rank
  };
})(typeof self !== "undefined" ? self : this);
