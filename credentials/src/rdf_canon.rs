//! RDF Dataset Canonicalization (RDFC-1.0, <https://www.w3.org/TR/rdf-canon/>) with a work
//! budget, and the canonical N-Quads form.
//!
//! Owns: the RDFC-1.0 algorithm (issue identifier, hash first degree quads, hash related
//! blank node, hash N-degree quads with its permutations), canonical N-Quads serialization
//! with the specification's escaping, an N-Quads parser, and [`CanonicalizationLimits`]: a
//! crafted dataset (a poison graph, RDFC-1.0 "Dataset Poisoning", such as a clique of blank
//! nodes) is refused with [`CredentialError::CanonicalizationLimit`] as soon as its work
//! passes the budget, never after doing it. Must never: expand JSON-LD (the `rdfc` module
//! does), do any I/O, or panic on any input.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha384};

use crate::error::CredentialError;

/// How much work canonicalizing one dataset may take. The server reads it from its
/// configuration (every field optional, defaults below); verification and signing use it
/// for every `eddsa-rdfc-2022` credential and presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CanonicalizationLimits {
    /// Most quads (after removing duplicates) a dataset may have.
    pub max_quads: usize,
    /// Most distinct blank nodes a dataset may have.
    pub max_blank_nodes: usize,
    /// Most Hash N-Degree Quads work: one unit per call of the algorithm, per quad it reads
    /// and per blank node of every permutation it examines, recursive calls included (about
    /// half a microsecond each). Portal credentials need none (their blank nodes differ in
    /// their own quads); a list or a cycle of 64 alike blank nodes about 22,000; the W3C
    /// suite's computable poison graphs up to 6,636; a complete graph of 5 blank nodes
    /// 9,165, of 6 82,866, of 7 816,571, of 8 about ten million (estimated).
    pub max_ndegree_work: u64,
}

/// How deep Hash N-Degree Quads may recurse (each level adds one blank node to the path,
/// so only datasets with more alike blank nodes than this in a row can reach it): keeps the
/// stack small whatever `max_blank_nodes` is set to.
pub const MAX_RECURSION_DEPTH: usize = 128;

impl CanonicalizationLimits {
    /// The defaults: 2,000 quads, 64 blank nodes, 50,000 units of N-degree work (refused
    /// after about 20 ms of work on a small server).
    pub const DEFAULT: Self = Self {
        max_quads: 2_000,
        max_blank_nodes: 64,
        max_ndegree_work: 50_000,
    };
}

impl Default for CanonicalizationLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The hash function of RDFC-1.0 (SHA-256 unless the application says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HashAlgorithm {
    /// SHA-256, the default (and what `eddsa-rdfc-2022` uses).
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

/// An RDF literal. A `language` makes it an `rdf:langString`; without a language, a
/// `datatype` of `None` means `xsd:string`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    /// The lexical form.
    pub value: String,
    /// The datatype IRI, `None` for `xsd:string` and language-tagged strings.
    pub datatype: Option<String>,
    /// The language tag.
    pub language: Option<String>,
}

/// `xsd:string`, written as a plain quoted string in canonical N-Quads.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// `rdf:langString`, the datatype of language-tagged strings.
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

impl Literal {
    /// A literal with a datatype (`xsd:string` is normalised to `None`).
    pub fn typed(value: impl Into<String>, datatype: impl Into<String>) -> Self {
        let datatype = datatype.into();
        Self {
            value: value.into(),
            datatype: (datatype != XSD_STRING).then_some(datatype),
            language: None,
        }
    }

    /// A language-tagged string.
    pub fn lang(value: impl Into<String>, language: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            datatype: None,
            language: Some(language.into()),
        }
    }
}

/// An RDF term.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// An IRI (without the angle brackets).
    Iri(String),
    /// A blank node, by its label (without `_:`).
    Blank(String),
    /// A literal.
    Literal(Literal),
}

/// A quad; `graph` is `None` in the default graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quad {
    /// Subject (an IRI or a blank node).
    pub subject: Term,
    /// Predicate IRI.
    pub predicate: String,
    /// Object.
    pub object: Term,
    /// Graph name (an IRI or a blank node), `None` for the default graph.
    pub graph: Option<Term>,
}

/// The result of canonicalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonicalized {
    /// The canonical N-Quads document: sorted lines, each ending in a line feed.
    pub nquads: String,
    /// Each input blank node label with its canonical label (`c14n0`, …), in issue order.
    pub issued_identifiers: Vec<(String, String)>,
    /// The Hash N-Degree Quads work spent (see [`CanonicalizationLimits::max_ndegree_work`]).
    pub ndegree_work: u64,
}

/// RDFC-1.0 canonical N-Quads of a dataset, with SHA-256.
pub fn canonicalize(
    quads: &[Quad],
    limits: &CanonicalizationLimits,
) -> Result<String, CredentialError> {
    canonicalize_with(quads, limits, HashAlgorithm::Sha256).map(|c| c.nquads)
}

/// RDFC-1.0 canonicalization of a dataset with the given hash function. Duplicate quads
/// count once (a dataset is a set).
pub fn canonicalize_with(
    quads: &[Quad],
    limits: &CanonicalizationLimits,
    hash: HashAlgorithm,
) -> Result<Canonicalized, CredentialError> {
    let mut unique: Vec<&Quad> = quads.iter().collect();
    unique.sort();
    unique.dedup();
    if unique.len() > limits.max_quads {
        return Err(limit("quads", limits.max_quads));
    }
    let mut state = State::new(&unique, limits, hash)?;
    state.run()?;
    state.finish()
}

fn limit(what: &'static str, limit: impl TryInto<u64>) -> CredentialError {
    CredentialError::CanonicalizationLimit {
        what,
        limit: limit.try_into().unwrap_or(u64::MAX),
    }
}

fn internal() -> CredentialError {
    CredentialError::JsonLd("RDF canonicalization lost track of a blank node".into())
}

fn at<T>(items: &[T], i: usize) -> Result<&T, CredentialError> {
    items.get(i).ok_or_else(internal)
}

/// An identifier issuer (RDFC-1.0 §4.5) over blank node indexes.
#[derive(Clone)]
struct Issuer {
    /// The issued number of each blank node, by index.
    issued: Vec<Option<u32>>,
    /// Blank node indexes in issue order.
    order: Vec<usize>,
}

impl Issuer {
    fn new(blank_nodes: usize) -> Self {
        Self {
            issued: vec![None; blank_nodes],
            order: Vec::new(),
        }
    }

    fn get(&self, node: usize) -> Option<u32> {
        self.issued.get(node).copied().flatten()
    }

    /// Issue Identifier (RDFC-1.0 §4.5.2): the existing number, or the next one.
    fn issue(&mut self, node: usize) -> Result<u32, CredentialError> {
        let next = u32::try_from(self.order.len()).map_err(|_| internal())?;
        let slot = self.issued.get_mut(node).ok_or_else(internal)?;
        if let Some(n) = *slot {
            return Ok(n);
        }
        *slot = Some(next);
        self.order.push(node);
        Ok(next)
    }
}

/// One quad with the blank node indexes of its subject, object and graph name.
struct Indexed<'a> {
    quad: &'a Quad,
    blanks: [Option<usize>; 3],
}

const POSITIONS: [char; 3] = ['s', 'o', 'g'];

struct State<'a> {
    quads: Vec<Indexed<'a>>,
    /// Input labels, by blank node index.
    labels: Vec<&'a str>,
    /// The quads mentioning each blank node (the blank node to quads map).
    mentions: Vec<Vec<usize>>,
    /// Hash First Degree Quads of each blank node (it depends on nothing issued).
    first_degree: Vec<String>,
    canonical: Issuer,
    hash: HashAlgorithm,
    work: u64,
    max_work: u64,
}

impl<'a> State<'a> {
    fn new(
        quads: &[&'a Quad],
        limits: &CanonicalizationLimits,
        hash: HashAlgorithm,
    ) -> Result<Self, CredentialError> {
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        let mut labels: Vec<&'a str> = Vec::new();
        let mut mentions: Vec<Vec<usize>> = Vec::new();
        let mut indexed = Vec::with_capacity(quads.len());
        for (qi, &quad) in quads.iter().enumerate() {
            let mut blanks = [None; 3];
            let terms = [Some(&quad.subject), Some(&quad.object), quad.graph.as_ref()];
            for (slot, term) in blanks.iter_mut().zip(terms) {
                let Some(Term::Blank(label)) = term else {
                    continue;
                };
                let node = match index.get(label.as_str()) {
                    Some(&n) => n,
                    None => {
                        if labels.len() >= limits.max_blank_nodes {
                            return Err(limit("blank nodes", limits.max_blank_nodes));
                        }
                        index.insert(label, labels.len());
                        labels.push(label);
                        mentions.push(Vec::new());
                        labels.len() - 1
                    }
                };
                let list = mentions.get_mut(node).ok_or_else(internal)?;
                if list.last() != Some(&qi) {
                    list.push(qi);
                }
                *slot = Some(node);
            }
            indexed.push(Indexed { quad, blanks });
        }
        let mut state = Self {
            quads: indexed,
            canonical: Issuer::new(labels.len()),
            labels,
            mentions,
            first_degree: Vec::new(),
            hash,
            work: 0,
            max_work: limits.max_ndegree_work,
        };
        state.first_degree = (0..state.labels.len())
            .map(|n| state.hash_first_degree(n))
            .collect::<Result<_, _>>()?;
        Ok(state)
    }

    fn digest(&self, data: &[u8]) -> String {
        let mut out = String::with_capacity(96);
        let bytes: Vec<u8> = match self.hash {
            HashAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            HashAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
        };
        for b in bytes {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    fn spend(&mut self, units: usize) -> Result<(), CredentialError> {
        self.work = self
            .work
            .saturating_add(u64::try_from(units).unwrap_or(u64::MAX));
        if self.work > self.max_work {
            return Err(limit("Hash N-Degree Quads work", self.max_work));
        }
        Ok(())
    }

    /// Hash First Degree Quads (RDFC-1.0 §4.6).
    fn hash_first_degree(&self, node: usize) -> Result<String, CredentialError> {
        let mut lines = Vec::new();
        for &qi in at(&self.mentions, node)? {
            let q = at(&self.quads, qi)?;
            let mut line = String::new();
            write_quad(&mut line, q.quad, |position, _, out| {
                let blank = q.blanks.get(position).copied().flatten();
                out.push_str(if blank == Some(node) { "_:a" } else { "_:z" });
            });
            lines.push(line);
        }
        lines.sort_unstable();
        Ok(self.digest(lines.concat().as_bytes()))
    }

    /// Hash Related Blank Node (RDFC-1.0 §4.7).
    fn hash_related(
        &self,
        related: usize,
        quad: &Quad,
        issuer: &Issuer,
        position: char,
    ) -> Result<String, CredentialError> {
        let mut input = String::with_capacity(128);
        input.push(position);
        if position != 'g' {
            input.push('<');
            input.push_str(&quad.predicate);
            input.push('>');
        }
        if let Some(n) = self.canonical.get(related) {
            let _ = write!(input, "_:c14n{n}");
        } else if let Some(n) = issuer.get(related) {
            let _ = write!(input, "_:b{n}");
        } else {
            input.push_str(at(&self.first_degree, related)?);
        }
        Ok(self.digest(input.as_bytes()))
    }

    /// Hash N-Degree Quads (RDFC-1.0 §4.8), charging every call, quad read and permutation
    /// member to the work budget before doing it.
    fn hash_n_degree(
        &mut self,
        node: usize,
        issuer: &Issuer,
        depth: usize,
    ) -> Result<(String, Issuer), CredentialError> {
        if depth > MAX_RECURSION_DEPTH {
            return Err(limit(
                "Hash N-Degree Quads recursion depth",
                MAX_RECURSION_DEPTH,
            ));
        }
        let quads = at(&self.mentions, node)?.clone();
        self.spend(1 + quads.len())?;
        // 1-3: the related hashes of the blank nodes in the mention set.
        let mut related: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for qi in quads {
            let q = at(&self.quads, qi)?;
            for (position, component) in POSITIONS.into_iter().zip(q.blanks) {
                let Some(component) = component.filter(|&c| c != node) else {
                    continue;
                };
                let hash = self.hash_related(component, q.quad, issuer, position)?;
                related.entry(hash).or_default().push(component);
            }
        }
        // 4-5: the shortest path over every permutation of each group.
        let mut data = String::new();
        let mut issuer = issuer.clone();
        for (related_hash, nodes) in related {
            data.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut order: Vec<usize> = (0..nodes.len()).collect();
            loop {
                self.spend(nodes.len())?;
                if let Some((path, copy)) =
                    self.try_permutation(&nodes, &order, &issuer, &chosen_path, depth)?
                {
                    if chosen_path.is_empty() || path < chosen_path {
                        chosen_path = path;
                        chosen_issuer = Some(copy);
                    }
                }
                if !next_permutation(&mut order) {
                    break;
                }
            }
            data.push_str(&chosen_path);
            issuer = chosen_issuer.ok_or_else(internal)?;
        }
        Ok((self.digest(data.as_bytes()), issuer))
    }

    /// Steps 5.4.1-5.4.5 for one permutation; `None` when it cannot beat `chosen_path`.
    fn try_permutation(
        &mut self,
        nodes: &[usize],
        order: &[usize],
        issuer: &Issuer,
        chosen_path: &str,
        depth: usize,
    ) -> Result<Option<(String, Issuer)>, CredentialError> {
        let worse = |path: &str| {
            !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path
        };
        let mut copy = issuer.clone();
        let mut path = String::new();
        let mut recursion = Vec::new();
        for &i in order {
            let related = *at(nodes, i)?;
            if let Some(n) = self.canonical.get(related) {
                let _ = write!(path, "_:c14n{n}");
            } else {
                if copy.get(related).is_none() {
                    recursion.push(related);
                }
                let n = copy.issue(related)?;
                let _ = write!(path, "_:b{n}");
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for related in recursion {
            let (hash, result_issuer) = self.hash_n_degree(related, &copy, depth + 1)?;
            let n = copy.issue(related)?;
            let _ = write!(path, "_:b{n}<{hash}>");
            copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }

    /// The canonicalization algorithm (RDFC-1.0 §4.4.3), steps 3-5.
    fn run(&mut self) -> Result<(), CredentialError> {
        let mut by_hash: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (node, hash) in self.first_degree.iter().enumerate() {
            by_hash.entry(hash).or_default().push(node);
        }
        let mut shared = Vec::new();
        for (_, nodes) in by_hash {
            match nodes.as_slice() {
                [single] => {
                    self.canonical.issue(*single)?;
                }
                _ => shared.push(nodes),
            }
        }
        for nodes in shared {
            let mut results = Vec::new();
            for node in nodes {
                if self.canonical.get(node).is_some() {
                    continue;
                }
                let mut temporary = Issuer::new(self.labels.len());
                temporary.issue(node)?;
                results.push(self.hash_n_degree(node, &temporary, 0)?);
            }
            results.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, issuer) in results {
                for node in issuer.order {
                    self.canonical.issue(node)?;
                }
            }
        }
        Ok(())
    }

    /// Step 6-7: the canonical N-Quads and the issued identifiers.
    fn finish(self) -> Result<Canonicalized, CredentialError> {
        let names: Vec<String> = (0..self.labels.len())
            .map(|n| {
                self.canonical
                    .get(n)
                    .map(|c| format!("_:c14n{c}"))
                    .ok_or_else(internal)
            })
            .collect::<Result<_, _>>()?;
        let mut lines: Vec<String> = Vec::with_capacity(self.quads.len());
        for q in &self.quads {
            let mut line = String::new();
            let mut failed = false;
            write_quad(&mut line, q.quad, |position, _, out| {
                let blank = q.blanks.get(position).copied().flatten();
                match blank.and_then(|b| names.get(b)) {
                    Some(name) => out.push_str(name),
                    None => failed = true,
                }
            });
            if failed {
                return Err(internal());
            }
            lines.push(line);
        }
        lines.sort_unstable();
        lines.dedup();
        let issued_identifiers = self
            .canonical
            .order
            .iter()
            .map(|&n| {
                let label = at(&self.labels, n)?;
                let name = at(&names, n)?;
                Ok((label.to_string(), name.trim_start_matches("_:").to_string()))
            })
            .collect::<Result<_, CredentialError>>()?;
        Ok(Canonicalized {
            nquads: lines.concat(),
            issued_identifiers,
            ndegree_work: self.work,
        })
    }
}

/// The next permutation in lexicographic order; false after the last one.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(i) = order.windows(2).rposition(|w| w.first() < w.get(1)) else {
        return false;
    };
    let Some(&pivot) = order.get(i) else {
        return false;
    };
    let Some(j) = order.iter().rposition(|&x| x > pivot) else {
        return false;
    };
    order.swap(i, j);
    if let Some(tail) = order.get_mut(i + 1..) {
        tail.reverse();
    }
    true
}

/// Writes one quad in canonical N-Quads form (RDFC-1.0 appendix A), line feed included;
/// `blank` writes each blank node term, given its position (0 subject, 1 object, 2 graph).
fn write_quad(out: &mut String, quad: &Quad, mut blank: impl FnMut(usize, &Term, &mut String)) {
    let mut term = |out: &mut String, position: usize, t: &Term| match t {
        Term::Blank(_) => blank(position, t, out),
        other => write_term(out, other),
    };
    term(out, 0, &quad.subject);
    out.push_str(" <");
    out.push_str(&quad.predicate);
    out.push_str("> ");
    term(out, 1, &quad.object);
    if let Some(g) = &quad.graph {
        out.push(' ');
        term(out, 2, g);
    }
    out.push_str(" .\n");
}

/// Writes an IRI, blank node or literal in canonical N-Quads form.
pub fn write_term(out: &mut String, term: &Term) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::Blank(label) => {
            out.push_str("_:");
            out.push_str(label);
        }
        Term::Literal(l) => {
            out.push('"');
            escape_string(out, &l.value);
            out.push('"');
            if let Some(lang) = &l.language {
                out.push('@');
                out.push_str(lang);
            } else if let Some(dt) = &l.datatype {
                out.push_str("^^<");
                out.push_str(dt);
                out.push('>');
            }
        }
    }
}

/// The canonical form of a dataset's quads without relabelling (for tests and tools).
pub fn to_nquads(quads: &[Quad]) -> String {
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| {
            let mut line = String::new();
            write_quad(&mut line, q, |_, t, out| write_term(out, t));
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines.concat()
}

/// Escapes a string literal's lexical form: ECHAR for BS, HT, LF, FF, CR, `"` and `\`;
/// UCHAR (`\u` and four upper-case hex digits) for the other control characters, DEL and
/// the non-characters U+FFFE and U+FFFF; everything else as it is.
fn escape_string(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            other => out.push(other),
        }
    }
}

/// Parses an N-Quads document (<https://www.w3.org/TR/n-quads/>).
pub fn parse_nquads(text: &str) -> Result<Vec<Quad>, CredentialError> {
    let mut quads = Vec::new();
    for (n, line) in text.split(['\n', '\r']).enumerate() {
        let mut p = Parser { rest: line };
        p.skip_space();
        if p.rest.is_empty() || p.rest.starts_with('#') {
            continue;
        }
        let quad = p
            .statement()
            .map_err(|e| CredentialError::JsonLd(format!("N-Quads line {}: {e}", n + 1)))?;
        quads.push(quad);
    }
    Ok(quads)
}

struct Parser<'t> {
    rest: &'t str,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t']);
    }

    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn statement(&mut self) -> Result<Quad, String> {
        let subject = self.term()?;
        if matches!(subject, Term::Literal(_)) {
            return Err("a literal cannot be a subject".into());
        }
        self.skip_space();
        let Term::Iri(predicate) = self.term()? else {
            return Err("the predicate must be an IRI".into());
        };
        self.skip_space();
        let object = self.term()?;
        self.skip_space();
        let graph = if self.rest.starts_with('.') {
            None
        } else {
            let g = self.term()?;
            if matches!(g, Term::Literal(_)) {
                return Err("a literal cannot be a graph name".into());
            }
            self.skip_space();
            Some(g)
        };
        if !self.eat(".") {
            return Err("expected `.`".into());
        }
        self.skip_space();
        if !(self.rest.is_empty() || self.rest.starts_with('#')) {
            return Err("unexpected text after `.`".into());
        }
        Ok(Quad {
            subject,
            predicate,
            object,
            graph,
        })
    }

    fn term(&mut self) -> Result<Term, String> {
        if self.eat("<") {
            return self.iri().map(Term::Iri);
        }
        if self.eat("_:") {
            return self.blank_label().map(Term::Blank);
        }
        if self.eat("\"") {
            let value = self.string()?;
            if self.eat("^^") {
                if !self.eat("<") {
                    return Err("expected a datatype IRI".into());
                }
                return Ok(Term::Literal(Literal::typed(value, self.iri()?)));
            }
            if self.eat("@") {
                return Ok(Term::Literal(Literal::lang(value, self.lang_tag()?)));
            }
            return Ok(Term::Literal(Literal::typed(value, XSD_STRING)));
        }
        Err("expected an IRI, a blank node or a literal".into())
    }

    /// The rest of an IRIREF after `<`.
    fn iri(&mut self) -> Result<String, String> {
        let mut iri = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '>' => {
                    self.rest = self.rest.get(i + 1..).unwrap_or_default();
                    return Ok(iri);
                }
                '\\' => {
                    let after = self.rest.get(i + 1..).unwrap_or_default();
                    let (c, used) = uchar(after)?;
                    // An escape may not smuggle in what the IRI could not hold as it is
                    // (the canonical form writes IRIs unescaped).
                    if !iri_char(c) || c == '>' {
                        return Err(format!("character {c:?} is not allowed in an IRI"));
                    }
                    iri.push(c);
                    for _ in 0..used {
                        chars.next();
                    }
                }
                c if !iri_char(c) => {
                    return Err(format!("character {c:?} is not allowed in an IRI"));
                }
                other => iri.push(other),
            }
        }
        Err("unterminated IRI".into())
    }

    /// The rest of a blank node label after `_:`.
    fn blank_label(&mut self) -> Result<String, String> {
        let ok = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{b7}');
        let end = self
            .rest
            .char_indices()
            .find(|&(_, c)| !ok(c))
            .map_or(self.rest.len(), |(i, _)| i);
        let label = self
            .rest
            .get(..end)
            .unwrap_or_default()
            .trim_end_matches('.');
        if label.is_empty() || label.starts_with(['-', '.', '\u{b7}']) {
            return Err("invalid blank node label".into());
        }
        self.rest = self.rest.get(label.len()..).unwrap_or_default();
        Ok(label.to_string())
    }

    /// The rest of a STRING_LITERAL_QUOTE after the opening quote.
    fn string(&mut self) -> Result<String, String> {
        let mut value = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = self.rest.get(i + 1..).unwrap_or_default();
                    return Ok(value);
                }
                '\\' => {
                    let after = self.rest.get(i + 1..).unwrap_or_default();
                    let escaped = match after.chars().next() {
                        Some('t') => Some('\t'),
                        Some('b') => Some('\u{8}'),
                        Some('n') => Some('\n'),
                        Some('r') => Some('\r'),
                        Some('f') => Some('\u{c}'),
                        Some('"') => Some('"'),
                        Some('\'') => Some('\''),
                        Some('\\') => Some('\\'),
                        _ => None,
                    };
                    if let Some(e) = escaped {
                        value.push(e);
                        chars.next();
                    } else {
                        let (c, used) = uchar(after)?;
                        value.push(c);
                        for _ in 0..used {
                            chars.next();
                        }
                    }
                }
                '\n' | '\r' => return Err("line break in a string".into()),
                other => value.push(other),
            }
        }
        Err("unterminated string".into())
    }

    fn lang_tag(&mut self) -> Result<String, String> {
        let end = self
            .rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(self.rest.len(), |(i, _)| i);
        let tag = self.rest.get(..end).unwrap_or_default();
        let mut parts = tag.split('-');
        let first_ok = parts
            .next()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic()));
        if !first_ok || parts.any(str::is_empty) {
            return Err("invalid language tag".into());
        }
        self.rest = self.rest.get(end..).unwrap_or_default();
        Ok(tag.to_string())
    }
}

/// Whether a character may appear unescaped in an IRIREF (`>` ends it).
fn iri_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{20}' | '<' | '"' | '{' | '}' | '|' | '^' | '`' | '\\'
    )
}

/// A UCHAR after its backslash: the character and how many characters it used.
fn uchar(after: &str) -> Result<(char, usize), String> {
    let digits = match after.chars().next() {
        Some('u') => 4,
        Some('U') => 8,
        _ => return Err("invalid escape".into()),
    };
    let hex = after
        .get(1..1 + digits)
        .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
        .ok_or("invalid \\u escape")?;
    let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
    let c = char::from_u32(code).ok_or("escape is not a Unicode scalar value")?;
    Ok((c, 1 + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> Result<String, CredentialError> {
        canonicalize(
            &parse_nquads(text).unwrap(),
            &CanonicalizationLimits::DEFAULT,
        )
    }

    fn clique(n: usize) -> String {
        let mut text = String::new();
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    text.push_str(&format!("_:n{i} <http://example.org/knows> _:n{j} .\n"));
                }
            }
        }
        text
    }

    #[test]
    fn ground_quads_are_sorted_and_deduplicated() {
        let out =
            canon("<urn:b> <urn:p> \"x\" .\n<urn:a> <urn:p> \"y\"@en .\n<urn:b> <urn:p> \"x\" .\n")
                .unwrap();
        assert_eq!(out, "<urn:a> <urn:p> \"y\"@en .\n<urn:b> <urn:p> \"x\" .\n");
    }

    #[test]
    fn blank_nodes_get_canonical_labels_whatever_their_input_labels() {
        let a = canon("_:x <urn:p> _:y .\n_:y <urn:q> \"leaf\" .\n").unwrap();
        let b = canon("_:foo <urn:p> _:bar .\n_:bar <urn:q> \"leaf\" .\n").unwrap();
        assert_eq!(a, b);
        assert!(a.contains("_:c14n"));
    }

    #[test]
    fn a_complete_graph_of_ten_blank_nodes_is_refused_for_its_work() {
        assert_eq!(
            canon(&clique(10)),
            Err(CredentialError::CanonicalizationLimit {
                what: "Hash N-Degree Quads work",
                limit: CanonicalizationLimits::DEFAULT.max_ndegree_work,
            })
        );
    }

    fn chain(n: usize) -> String {
        let mut text = String::from("<urn:s> <urn:p> _:l0 .\n");
        for i in 0..n {
            text.push_str(&format!("_:l{i} <urn:first> \"x\" .\n"));
            text.push_str(&format!("_:l{i} <urn:rest> _:l{} .\n", i + 1));
        }
        text
    }

    #[test]
    fn a_list_of_sixty_three_alike_blank_nodes_is_within_the_defaults() {
        let quads = parse_nquads(&chain(62)).unwrap();

        let result = canonicalize_with(
            &quads,
            &CanonicalizationLimits::DEFAULT,
            HashAlgorithm::Sha256,
        )
        .unwrap();

        assert_eq!(result.issued_identifiers.len(), 63);
        assert!(result.ndegree_work > 10_000, "{}", result.ndegree_work);
    }

    #[test]
    fn deep_recursion_is_refused_before_it_can_exhaust_a_small_stack() {
        let limits = CanonicalizationLimits {
            max_quads: usize::MAX,
            max_blank_nodes: usize::MAX,
            max_ndegree_work: u64::MAX,
        };
        let quads = parse_nquads(&chain(MAX_RECURSION_DEPTH * 3)).unwrap();

        let result = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || canonicalize(&quads, &limits))
            .unwrap()
            .join()
            .unwrap();

        assert_eq!(
            result,
            Err(CredentialError::CanonicalizationLimit {
                what: "Hash N-Degree Quads recursion depth",
                limit: MAX_RECURSION_DEPTH as u64,
            })
        );
    }

    #[test]
    fn a_small_clique_is_still_canonicalized() {
        let out = canon(&clique(3)).unwrap();
        assert_eq!(out.lines().count(), 6);
    }

    #[test]
    fn more_blank_nodes_than_allowed_are_refused_before_any_hashing() {
        let limits = CanonicalizationLimits {
            max_blank_nodes: 2,
            ..CanonicalizationLimits::DEFAULT
        };
        let quads = parse_nquads("_:a <urn:p> _:b .\n_:b <urn:p> _:c .\n").unwrap();
        assert_eq!(
            canonicalize(&quads, &limits),
            Err(CredentialError::CanonicalizationLimit {
                what: "blank nodes",
                limit: 2
            })
        );
    }

    #[test]
    fn more_quads_than_allowed_are_refused() {
        let limits = CanonicalizationLimits {
            max_quads: 1,
            ..CanonicalizationLimits::DEFAULT
        };
        let quads = parse_nquads("<urn:a> <urn:p> \"1\" .\n<urn:a> <urn:p> \"2\" .\n").unwrap();
        assert!(matches!(
            canonicalize(&quads, &limits),
            Err(CredentialError::CanonicalizationLimit { what: "quads", .. })
        ));
    }

    #[test]
    fn literals_are_escaped_as_the_canonical_form_requires() {
        let quads = parse_nquads(
            "<urn:s> <urn:p> \"\\u0000\\u0008\\t\\n\\u000B\\f\\r\\\"\\\\\\u007F\\u00E9\\uFFFF\" .\n",
        )
        .unwrap();
        assert_eq!(
            to_nquads(&quads),
            "<urn:s> <urn:p> \"\\u0000\\b\\t\\n\\u000B\\f\\r\\\"\\\\\\u007F\u{e9}\\uFFFF\" .\n"
        );
    }

    #[test]
    fn xsd_string_is_written_without_its_datatype() {
        let quads = parse_nquads(
            "<urn:s> <urn:p> \"a\"^^<http://www.w3.org/2001/XMLSchema#string> .\n<urn:s> <urn:p> \"a\" .\n",
        )
        .unwrap();
        assert_eq!(to_nquads(&quads), "<urn:s> <urn:p> \"a\" .\n");
    }

    #[test]
    fn malformed_n_quads_are_errors_not_panics() {
        for text in [
            "<urn:s> <urn:p> .",
            "\"lit\" <urn:p> <urn:o> .",
            "<urn:s> _:p <urn:o> .",
            "<urn:s> <urn:p> \"open .",
            "<urn:s> <urn:p> <urn:o> <urn:g> <urn:x> .",
            "<urn:s> <urn:p> \"x\"@ .",
            "<urn:s> <urn:p> \"\\u12\" .",
            "<urn:s> <urn:p> \"\\uD800\" .",
            "<urn s> <urn:p> <urn:o> .",
            "<urn:\\u0020> <urn:p> <urn:o> .",
            "<urn:\\u003E> <urn:p> <urn:o> .",
            "_: <urn:p> <urn:o> .",
            "<urn:s> <urn:p> <urn:o>",
        ] {
            assert!(parse_nquads(text).is_err(), "{text}");
        }
    }

    #[test]
    fn permutations_are_all_visited_once() {
        let mut order = vec![0, 1, 2, 3];
        let mut count = 1;
        while next_permutation(&mut order) {
            count += 1;
        }
        assert_eq!(count, 24);
        assert_eq!(order, vec![3, 2, 1, 0]);
    }
}
