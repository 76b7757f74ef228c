//! Roles and employers in free text: past positions in a résumé, and sentences.

use std::collections::HashSet;

use super::{Position, canonical, find_word};

const ROLE_NOUNS: &[&str] = &[
    "Engineer",
    "Developer",
    "Manager",
    "Analyst",
    "Designer",
    "Scientist",
    "Architect",
    "Consultant",
    "Administrator",
    "Specialist",
    "Director",
    "Lead",
    "Intern",
    "Coordinator",
    "Officer",
    "Owner",
    "Researcher",
    "Programmer",
    "Technician",
    "Strategist",
    "Recruiter",
    "Accountant",
    "Marketer",
    "Representative",
    "Associate",
    "Executive",
    "Writer",
    "Editor",
];

const NOT_NAME_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "i",
    "as",
    "at",
    "and",
    "my",
    "our",
    "was",
    "worked",
    "working",
    "currently",
    "former",
    "formerly",
    "previously",
    "then",
    "role",
    "position",
    "title",
    "experience",
    "present",
    "current",
    "now",
    "today",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "scale",
    "least",
    "home",
    "work",
    "night",
    "first",
    "last",
    "times",
    "all",
    "once",
];

const EDUCATION_WORDS: &[&str] = &["university", "college", "school", "institute", "academy"];

fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '+' && c != '#')
}

fn is_capitalised(word: &str) -> bool {
    bare(word).chars().next().is_some_and(char::is_uppercase)
}

/// A run of capitalised words (at most four) starting at `words[0]`, stopping at punctuation
/// that ends a phrase or at an opening parenthesis.
fn name_run(words: &[&str]) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for word in words.iter().take(4) {
        if word.starts_with('(') || word.starts_with('[') {
            break;
        }
        let core = bare(word);
        if core.is_empty() {
            break;
        }
        let connective = !parts.is_empty() && matches!(core, "&" | "of" | "and");
        if !is_capitalised(core) && !connective {
            break;
        }
        parts.push(core);
        if word.ends_with([',', '.', ';', ':', ')', '|']) {
            break;
        }
    }
    while parts
        .last()
        .is_some_and(|w| matches!(*w, "&" | "of" | "and"))
    {
        parts.pop();
    }
    let name = parts.join(" ");
    valid_employer(&name).then_some(name)
}

fn valid_employer(name: &str) -> bool {
    let lower = name.to_lowercase();
    !name.is_empty()
        && name.chars().count() <= 40
        && name.chars().any(char::is_alphabetic)
        && !NOT_NAME_WORDS.contains(&lower.as_str())
        && !lower
            .split_whitespace()
            .next()
            .is_some_and(|first| NOT_NAME_WORDS.contains(&first))
        && !EDUCATION_WORDS.iter().any(|w| lower.contains(w))
        && canonical(name).is_none()
        && !ROLE_NOUNS
            .iter()
            .any(|noun| find_word(name, noun).is_some())
}

/// The job title in a piece of text: a capitalised role noun with its capitalised modifiers
/// ("Senior Backend Engineer", "Product Manager", "Data Analyst").
fn role_in(words: &[&str]) -> Option<(usize, String)> {
    for (i, word) in words.iter().enumerate() {
        let core = bare(word);
        if !ROLE_NOUNS.contains(&core) {
            continue;
        }
        let mut start = i;
        while start > 0 && i - start < 3 {
            let previous = words[start - 1];
            let previous_core = bare(previous);
            if previous.ends_with([',', '.', ';', ':', ')', '|'])
                || !is_capitalised(previous_core)
                || NOT_NAME_WORDS.contains(&previous_core.to_lowercase().as_str())
            {
                break;
            }
            start -= 1;
        }
        let role: Vec<&str> = words[start..=i].iter().map(|w| bare(w)).collect();
        // A lone "Lead"/"Owner" is rarely a title.
        if role.len() == 1 && matches!(core, "Lead" | "Owner" | "Associate" | "Executive") {
            continue;
        }
        return Some((i, role.join(" ")));
    }
    None
}

/// Past positions in a résumé, in order: "Senior Engineer at Globex", "Company: Acme",
/// "Data Analyst, Initech (2018–2020)", "Acme Corp (2019–2021)".
pub(in crate::ai::builtin) fn positions(resume: &str) -> Vec<Position> {
    let mut found: Vec<Position> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for line in resume.lines() {
        for segment in split_sentences(line) {
            let words: Vec<&str> = segment.split_whitespace().collect();
            let role = role_in(&words);
            let employer = employer_in(segment, &words, role.as_ref().map(|(i, _)| *i));
            if let Some(employer) = employer
                && seen.insert(employer.to_lowercase())
            {
                found.push(Position {
                    role: role.map(|(_, r)| r),
                    employer,
                });
            }
        }
    }
    found
}

fn employer_in(segment: &str, words: &[&str], role_end: Option<usize>) -> Option<String> {
    let lower = segment.to_lowercase();
    for label in ["company:", "employer:", "organisation:", "organization:"] {
        if let Some(pos) = lower.find(label) {
            let rest = &segment[pos + label.len()..];
            let rest_words: Vec<&str> = rest.split_whitespace().collect();
            if let Some(name) = name_run(&rest_words) {
                return Some(name);
            }
        }
    }
    // "... at Globex", "... @ Globex"
    for (i, word) in words.iter().enumerate() {
        if (*word == "at" || *word == "@")
            && let Some(name) = name_run(&words[i + 1..])
        {
            return Some(name);
        }
    }
    // "Role, Employer (2019–2021)" / "Role - Employer" / "Role | Employer"
    if let Some(end) = role_end {
        let after = &words[end + 1..];
        let role_word = words[end];
        let separated = role_word.ends_with([',', '|'])
            || after
                .first()
                .is_some_and(|w| matches!(*w, "-" | "–" | "—" | "|" | ","));
        if separated {
            let skip = usize::from(
                after
                    .first()
                    .is_some_and(|w| matches!(*w, "-" | "–" | "—" | "|" | ",")),
            );
            if let Some(name) = name_run(&after[skip..]) {
                return Some(name);
            }
        }
    }
    // "Employer (2019–2021)"
    for (i, word) in words.iter().enumerate() {
        let dated = word
            .strip_prefix('(')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if dated && i > 0 {
            let mut start = i;
            while start > 0 && i - start < 4 && is_capitalised(words[start - 1]) {
                if start < i && words[start - 1].ends_with([',', '.', ';', ':', '|']) {
                    break;
                }
                start -= 1;
            }
            if start < i
                && let Some(name) = name_run(&words[start..i])
            {
                return Some(name);
            }
        }
    }
    None
}

/// Sentences of a line (split after `.`, `!`, `?` followed by a space).
pub(in crate::ai::builtin) fn split_sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let boundary = matches!(c, '.' | '!' | '?' | '\n')
            && (end >= bytes.len() || bytes[end].is_ascii_whitespace());
        if boundary {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        sentences.push(rest);
    }
    sentences
}
