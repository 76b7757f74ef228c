//! Follow-up questions: pick up a concrete term from the candidate's last answer (a migration,
//! a figure, a technology, a named project) and ask them to go deeper.

use std::collections::HashSet;

use interview_flow_shared::TurnKind;

use super::normalise;
use super::vocab::{find_word, terms_in};
use crate::ai::TranscriptTurn;

/// Something concrete in an answer that is worth probing.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Hook {
    /// "moving your monolith to Kubernetes"; `key` is the target.
    Migration {
        phrase: String,
        key: String,
    },
    /// A figure ("40%") and, when it reads well, its clause in the second person.
    Metric {
        figure: String,
        clause: Option<String>,
    },
    Tech(String),
    Name(String),
}

impl Hook {
    fn key(&self) -> &str {
        match self {
            Self::Migration { key, .. } => key,
            Self::Metric { figure, .. } => figure,
            Self::Tech(name) | Self::Name(name) => name,
        }
    }

    fn phrasings(&self) -> Vec<String> {
        match self {
            Self::Migration { phrase, key } => vec![
                format!(
                    "You mentioned {phrase} — what was the hardest part of that migration, and how did you handle it?"
                ),
                format!(
                    "Going back to {phrase}: how did you plan that move, and what would you do differently next time?"
                ),
                format!(
                    "What made {key} the right choice there, and what did the move cost you that you didn't expect?"
                ),
            ],
            Self::Metric { figure, clause } => {
                let mut out = Vec::new();
                if let Some(clause) = clause {
                    out.push(format!(
                        "You said {clause} — how did you measure that, and what was the baseline before?"
                    ));
                    out.push(format!(
                        "You said {clause}. What exactly did you change to get there, and how did you confirm the result held?"
                    ));
                }
                out.push(format!(
                    "You mentioned a figure of {figure} — how did you measure it, and what was it compared against?"
                ));
                out.push(format!(
                    "Where did the {figure} come from, and what did you personally do to achieve it?"
                ));
                out
            }
            Self::Tech(name) => vec![
                format!(
                    "You mentioned {name} — what exactly was your role in working with it, and what was the trickiest part?"
                ),
                format!(
                    "How deep did you go with {name} there? Tell me about one decision you made with it and why."
                ),
                format!(
                    "If you did that work with {name} again today, what would you do differently, and why?"
                ),
            ],
            Self::Name(name) => vec![
                format!(
                    "You mentioned {name} — what was your personal contribution there, and how did it turn out?"
                ),
                format!(
                    "Tell me more about {name}: what was the hardest problem you faced there, and how did you solve it?"
                ),
            ],
        }
    }
}

#[path = "follow_words.rs"]
mod words;
use words::*;

fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Rewrites a first-person phrase in the second person ("we cut our costs" → "you cut your
/// costs").
pub(super) fn second_person(words: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut after_i = false;
    for word in words {
        let core = bare(word);
        let lower = core.to_lowercase();
        let replaced = match lower.as_str() {
            "i" | "we" | "me" | "us" => Some("you"),
            "my" | "our" => Some("your"),
            "mine" | "ours" => Some("yours"),
            "myself" | "ourselves" => Some("yourself"),
            "i'm" | "we're" => Some("you're"),
            "i've" | "we've" => Some("you've"),
            "i'd" | "we'd" => Some("you'd"),
            "i'll" | "we'll" => Some("you'll"),
            "am" if after_i => Some("are"),
            "was" if after_i => Some("were"),
            _ => None,
        };
        after_i = lower == "i";
        match replaced {
            Some(new) => out.push(word.replacen(core, new, 1)),
            None => out.push((*word).to_string()),
        }
    }
    out.join(" ")
}

fn is_figure(token: &str, next: Option<&str>) -> Option<String> {
    let core = token.trim_matches(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '%' | '$' | '€' | '£' | '.' | ','))
    });
    let core = core.trim_end_matches(['.', ',']);
    if !core.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = core.chars().filter(char::is_ascii_digit).collect();
    let is_year = digits.len() == 4
        && core.len() == 4
        && (digits.starts_with("19") || digits.starts_with("20"));
    if is_year {
        return None;
    }
    let lower = core.to_lowercase();
    let marked = core.ends_with('%')
        || core.starts_with(['$', '€', '£'])
        || (lower.ends_with('x')
            && lower[..lower.len() - 1]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.'))
        || ["ms", "k", "m", "s", "h", "gb", "tb", "mb"]
            .iter()
            .any(|unit| {
                lower.strip_suffix(unit).is_some_and(|n| {
                    !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                })
            });
    if marked {
        return Some(core.to_string());
    }
    let next_core = next.map(|n| bare(n).to_lowercase());
    match next_core {
        Some(unit) if UNITS.contains(&unit.as_str()) => {
            let next_word = next.map(bare).unwrap_or_default();
            if unit == "percent" {
                Some(format!("{core} percent"))
            } else {
                Some(format!("{core} {next_word}"))
            }
        }
        _ => None,
    }
}

/// The clause around `figure` as "you …", when it reads well.
fn clause_for(sentence: &str, figure: &str) -> Option<String> {
    let mut clauses: Vec<&str> = vec![sentence];
    for separator in [
        ",",
        ";",
        " and ",
        " but ",
        " which ",
        " so ",
        " while ",
        " because ",
        " — ",
        " - ",
    ] {
        clauses = clauses
            .into_iter()
            .flat_map(|c| c.split(separator))
            .collect();
    }
    let clause = clauses.into_iter().find(|c| c.contains(figure))?;
    let words: Vec<&str> = clause.split_whitespace().collect();
    if words.len() < 3 || words.len() > 16 {
        return None;
    }
    let first = bare(words[0]).to_lowercase();
    let mut text = if first == "i" || first == "we" {
        second_person(&words)
    } else if first.len() > 3 && first.ends_with("ed") || IRREGULAR_PAST.contains(&first.as_str()) {
        format!("you {}", second_person(&words))
    } else {
        return None;
    };
    while text.ends_with(['.', '!', '?', ',', ';', ':']) {
        text.pop();
    }
    Some(text)
}

/// The concrete terms of an answer, most interesting first. `question` is what was asked (a
/// technology the question named is less interesting than a new one).
pub(super) fn hooks(answer: &str, question: &str) -> Vec<Hook> {
    let mut out: Vec<Hook> = Vec::new();
    let words: Vec<&str> = answer.split_whitespace().collect();

    // Migrations.
    for (i, word) in words.iter().enumerate() {
        if !MIGRATION_VERBS.contains(&bare(word).to_lowercase().as_str())
            || word.ends_with([',', '.', ';'])
        {
            continue;
        }
        let window_end = (i + 9).min(words.len());
        let Some(j) = (i + 1..window_end).find(|&j| {
            matches!(
                bare(words[j]).to_lowercase().as_str(),
                "to" | "onto" | "into"
            )
        }) else {
            continue;
        };
        if words[i + 1..j]
            .iter()
            .any(|w| w.ends_with([',', '.', ';', '!', '?']))
        {
            continue;
        }
        let mut k = j + 1;
        while k < words.len()
            && matches!(
                bare(words[k]).to_lowercase().as_str(),
                "the" | "a" | "an" | "our" | "my"
            )
        {
            k += 1;
        }
        if k >= words.len() {
            continue;
        }
        let tail = words[k..(k + 3).min(words.len())].join(" ");
        let target = match terms_in(&tail).first() {
            Some(term) => term.name.to_string(),
            None if bare(words[k])
                .chars()
                .next()
                .is_some_and(char::is_uppercase) =>
            {
                bare(words[k]).to_string()
            }
            None => continue,
        };
        let object: Vec<&str> = words[i + 1..j].iter().map(|w| bare(w)).collect();
        let phrase = if object.is_empty() || object.len() > 5 {
            format!("migrating to {target}")
        } else if object[0].eq_ignore_ascii_case("from") {
            format!("migrating {} to {target}", second_person(&object))
        } else {
            format!("moving {} to {target}", second_person(&object))
        };
        out.push(Hook::Migration {
            phrase,
            key: target,
        });
        break;
    }

    // Figures.
    for sentence in super::vocab::split_sentences(answer) {
        let sentence_words: Vec<&str> = sentence.split_whitespace().collect();
        for (i, word) in sentence_words.iter().enumerate() {
            if let Some(figure) = is_figure(word, sentence_words.get(i + 1).copied()) {
                if out.iter().any(|h| matches!(h, Hook::Metric { .. })) {
                    break;
                }
                let clause = clause_for(sentence, &figure);
                out.push(Hook::Metric { figure, clause });
            }
        }
    }

    // Technologies, new ones first.
    let question_lower = question.to_lowercase();
    let mut techs: Vec<(bool, String)> = terms_in(answer)
        .into_iter()
        .filter(|term| term.cat.is_technical() || matches!(term.cat, super::vocab::Cat::Method))
        .map(|term| {
            (
                term.position(question, &question_lower).is_some(),
                term.name.to_string(),
            )
        })
        .collect();
    techs.sort_by_key(|(in_question, _)| *in_question);
    for (_, name) in techs {
        if !out.iter().any(|h| h.key().eq_ignore_ascii_case(&name)) {
            out.push(Hook::Tech(name));
        }
    }

    // Named things (projects, products, employers): capitalised words inside a sentence.
    let mut names: Vec<String> = Vec::new();
    for sentence in super::vocab::split_sentences(answer) {
        let sentence_words: Vec<&str> = sentence.split_whitespace().collect();
        let mut i = 1;
        while i < sentence_words.len() {
            let core = bare(sentence_words[i]);
            let capitalised = core.chars().next().is_some_and(char::is_uppercase);
            if !capitalised
                || NOT_NAMES.contains(&core)
                || core.len() < 2
                || sentence_words[i - 1].ends_with([':', ';'])
            {
                i += 1;
                continue;
            }
            let mut run = vec![core];
            let mut end = i + 1;
            while end < sentence_words.len()
                && run.len() < 3
                && !sentence_words[end - 1].ends_with([',', ';', ':'])
                && bare(sentence_words[end])
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && !NOT_NAMES.contains(&bare(sentence_words[end]))
            {
                run.push(bare(sentence_words[end]));
                end += 1;
            }
            let name = run.join(" ");
            let known = !terms_in(&name).is_empty()
                || find_word(&question_lower, &name.to_lowercase()).is_some()
                || out.iter().any(|h| h.key().eq_ignore_ascii_case(&name));
            if !known && !names.contains(&name) {
                names.push(name);
            }
            i = end;
        }
    }
    out.extend(names.into_iter().map(Hook::Name));
    out
}

/// The follow-up question `index` on main question `main_number`.
pub(super) fn follow_up(
    history: &[TranscriptTurn],
    main_number: u32,
    index: u32,
    seed: u64,
) -> String {
    let seen: HashSet<String> = history.iter().map(|t| normalise(&t.question)).collect();
    let on_this_main: Vec<&TranscriptTurn> = history
        .iter()
        .filter(|t| {
            t.main_number == main_number && matches!(t.kind, TurnKind::Main | TurnKind::FollowUp)
        })
        .collect();
    let main_question = on_this_main
        .iter()
        .find(|t| t.kind == TurnKind::Main)
        .map(|t| t.question.as_str())
        .unwrap_or_default();
    let earlier_follow_ups: Vec<&str> = on_this_main
        .iter()
        .filter(|t| t.kind == TurnKind::FollowUp)
        .map(|t| t.question.as_str())
        .collect();
    let answer = on_this_main
        .iter()
        .rev()
        .find_map(|t| t.answer.as_deref())
        .unwrap_or_default();

    let found = hooks(answer, main_question);
    let already_probed = |hook: &Hook| {
        earlier_follow_ups
            .iter()
            .any(|q| q.to_lowercase().contains(&hook.key().to_lowercase()))
    };
    let rotation = (seed % 97) as usize + main_number as usize + index as usize;
    let rotated = |list: Vec<String>| super::rotated(&list, rotation);

    let mut candidates: Vec<String> = Vec::new();
    for hook in found.iter().filter(|h| !already_probed(h)) {
        candidates.extend(rotated(hook.phrasings()));
    }
    candidates.extend(rotated(GENERIC.iter().map(|g| (*g).to_string()).collect()));
    for hook in found.iter().filter(|h| already_probed(h)) {
        candidates.extend(rotated(hook.phrasings()));
    }
    candidates
        .into_iter()
        .find(|c| !seen.contains(&normalise(c)))
        .unwrap_or_else(|| {
            if index <= 1 {
                format!("Is there anything more about question {main_number} you'd like to add before we move on?")
            } else {
                format!("Before we leave question {main_number}, what's the one thing you'd want us to remember from your answer?")
            }
        })
}
