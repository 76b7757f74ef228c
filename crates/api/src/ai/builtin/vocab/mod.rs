//! The built-in vocabulary of technologies and skills, and the extraction of skills, roles and
//! employers from free text (job descriptions, résumés, answers). Pure string handling.

mod positions;
mod table;

use crate::ai::{CandidateContext, JobContext};

pub(super) use positions::{positions, split_sentences};
pub(super) use table::{Cat, Term, VOCAB};

/// The byte offsets of `needle` in `hay` where it stands as a whole word.
pub(super) fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let bytes = hay.as_bytes();
    let first_alnum = needle.chars().next().is_some_and(char::is_alphanumeric);
    let last_alnum = needle.chars().last().is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let end = i + needle.len();
        let before_ok = !first_alnum || i == 0 || !is_word_byte(bytes[i - 1]);
        let after_ok = !last_alnum || end >= bytes.len() || !is_word_byte(bytes[end]);
        before_ok && after_ok
    })
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

impl Term {
    /// Where the term first occurs in `text` (`lower` is `text` lower-cased).
    pub(super) fn position(&self, text: &str, lower: &str) -> Option<usize> {
        let own = if self.exact {
            find_word(text, self.name)
        } else {
            find_word(lower, &self.name.to_lowercase())
        };
        self.aliases
            .iter()
            .filter_map(|alias| find_word(lower, alias))
            .chain(own)
            .min()
    }
}

/// Vocabulary terms in `text`, in order of first appearance.
pub(super) fn terms_in(text: &str) -> Vec<&'static Term> {
    let lower = text.to_lowercase();
    let mut found: Vec<(usize, &'static Term)> = VOCAB
        .iter()
        .filter_map(|term| term.position(text, &lower).map(|pos| (pos, term)))
        .collect();
    found.sort_by_key(|(pos, _)| *pos);
    // "React Native" also matches "React": keep the longer one.
    let names: Vec<&'static str> = found.iter().map(|(_, term)| term.name).collect();
    found
        .into_iter()
        .map(|(_, term)| term)
        .filter(|term| {
            !names
                .iter()
                .any(|other| other.len() > term.name.len() && other.starts_with(term.name))
        })
        .collect()
}

/// The vocabulary entry a free-form skill name refers to.
pub(super) fn canonical(skill: &str) -> Option<&'static Term> {
    let skill = skill.trim();
    VOCAB.iter().find(|term| {
        term.name.eq_ignore_ascii_case(skill)
            || term
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(skill))
    })
}

/// A skill as the interviewer talks about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Skill {
    pub(super) name: String,
    pub(super) cat: Cat,
}

fn skill_from(raw: &str) -> Option<Skill> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > 40 {
        return None;
    }
    Some(match canonical(raw) {
        Some(term) => Skill {
            name: term.name.to_string(),
            cat: term.cat,
        },
        None => Skill {
            name: raw.to_string(),
            cat: Cat::Other,
        },
    })
}

fn push_unique(list: &mut Vec<Skill>, skill: Skill) {
    if !list
        .iter()
        .any(|s| s.name.eq_ignore_ascii_case(&skill.name))
    {
        list.push(skill);
    }
}

/// Whether `text` mentions `skill` (by its name, or any alias when it is a vocabulary term).
pub(super) fn mentions(text: &str, lower: &str, skill: &str) -> bool {
    match canonical(skill) {
        Some(term) => term.position(text, lower).is_some(),
        None => find_word(lower, &skill.to_lowercase()).is_some(),
    }
}

/// What the job needs: its required skills first, then vocabulary terms in its text.
pub(super) fn job_skills(job: &JobContext) -> Vec<Skill> {
    let mut skills = Vec::new();
    for raw in &job.required_skills {
        if let Some(skill) = skill_from(raw) {
            push_unique(&mut skills, skill);
        }
    }
    let text = format!("{}\n{}", job.title, job.description);
    for term in terms_in(&text) {
        push_unique(
            &mut skills,
            Skill {
                name: term.name.to_string(),
                cat: term.cat,
            },
        );
    }
    skills
}

/// A past position found in the résumé.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Position {
    pub(super) role: Option<String>,
    pub(super) employer: String,
}

/// The kind of work the role is about; picks the role-specific question bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Domain {
    Engineering,
    Data,
    Product,
    Design,
    Customer,
    General,
}

/// Everything the interviewer knows, distilled.
#[derive(Debug, Clone)]
pub(super) struct Profile {
    pub(super) first_name: String,
    pub(super) role: String,
    pub(super) company: String,
    /// Job skills the résumé also shows (in the job's order).
    pub(super) shared: Vec<Skill>,
    /// Job skills the résumé does not show.
    pub(super) job_only: Vec<Skill>,
    /// Résumé skills the job does not ask for.
    pub(super) resume_only: Vec<Skill>,
    pub(super) past: Option<Position>,
    pub(super) domain: Domain,
}

impl Profile {
    pub(super) fn new(job: &JobContext, candidate: &CandidateContext) -> Self {
        let job_skills = job_skills(job);
        let resume = candidate.resume_text.clone().unwrap_or_default();
        let resume_lower = resume.to_lowercase();
        let mut shared = Vec::new();
        let mut job_only = Vec::new();
        for skill in job_skills.iter().cloned() {
            if !resume.is_empty() && mentions(&resume, &resume_lower, &skill.name) {
                shared.push(skill);
            } else {
                job_only.push(skill);
            }
        }
        let resume_only = terms_in(&resume)
            .into_iter()
            .filter(|term| {
                !job_skills
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(term.name))
            })
            .map(|term| Skill {
                name: term.name.to_string(),
                cat: term.cat,
            })
            .collect();
        let title = job.title.trim();
        let company = job.company_name.trim();
        Self {
            first_name: first_name(&candidate.full_name),
            role: if title.is_empty() {
                "this".to_string()
            } else {
                title.to_string()
            },
            company: if company.is_empty() {
                "the company".to_string()
            } else {
                company.to_string()
            },
            shared,
            job_only,
            resume_only,
            past: positions(&resume).into_iter().next(),
            domain: domain_of(job),
        }
    }

    /// "a Senior Backend Engineer" / "an Analyst" / "part of the team".
    pub(super) fn role_with_article(&self) -> String {
        if self.role == "this" {
            return "part of the team".to_string();
        }
        format!("{} {}", article(&self.role), self.role)
    }
}

pub(super) fn article(noun: &str) -> &'static str {
    let starts_with_vowel = noun
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    if starts_with_vowel { "an" } else { "a" }
}

/// The candidate's first name ("there" when unknown), skipping honorifics.
pub(super) fn first_name(full_name: &str) -> String {
    const HONORIFICS: [&str; 7] = ["dr", "mr", "mrs", "ms", "mx", "prof", "miss"];
    full_name
        .split_whitespace()
        .find(|word| {
            let bare = word.trim_end_matches('.').to_lowercase();
            !HONORIFICS.contains(&bare.as_str())
        })
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .filter(|word| !word.is_empty())
        .unwrap_or("there")
        .to_string()
}

fn domain_of(job: &JobContext) -> Domain {
    let title = format!(" {} ", job.title.to_lowercase());
    let has = |words: &[&str]| words.iter().any(|w| title.contains(w));
    if has(&[
        "product manager",
        "product owner",
        "product lead",
        "head of product",
    ]) {
        Domain::Product
    } else if has(&["design", " ux", " ui "]) {
        Domain::Design
    } else if has(&[
        "data",
        "analyst",
        "analytics",
        "scientist",
        "machine learning",
        " ml ",
    ]) {
        Domain::Data
    } else if has(&[
        "engineer",
        "developer",
        "devops",
        "sre",
        "programmer",
        "architect",
        "software",
        "tech lead",
    ]) {
        Domain::Engineering
    } else if has(&[
        "sales",
        "account",
        "marketing",
        "customer",
        "support",
        "success",
        "business development",
    ]) {
        Domain::Customer
    } else {
        Domain::General
    }
}
