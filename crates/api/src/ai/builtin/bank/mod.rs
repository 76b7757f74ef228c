//! The question bank and the per-interview plan of main questions.
//!
//! Placeholders: `{role}` (job title), `{role_a}` (with article), `{company}`, `{skill}`,
//! `{at_past}` ("at Globex as a Software Engineer"), `{employer}`.

mod templates;

use super::vocab::{Domain, Profile, Skill, article};
use super::{normalise, permutation};
use std::collections::HashSet;

use templates::{
    BEHAVIOURAL, DOMAIN_CUSTOMER, DOMAIN_DATA, DOMAIN_DESIGN, DOMAIN_ENGINEERING, DOMAIN_GENERAL,
    DOMAIN_PRODUCT, FORWARD, JOB_PRACTICE, JOB_TECH, MOTIVATION, PAST_ROLE, SHARED_PRACTICE,
    SHARED_TECH, SKILL_PRACTICE, SKILL_TECH,
};

pub(super) struct Template {
    pub(super) id: &'static str,
    pub(super) text: &'static str,
}

const fn q(id: &'static str, text: &'static str) -> Template {
    Template { id, text }
}

/// The templates of all kinds, for tests and counting.
#[cfg(test)]
pub(super) fn all_banks() -> Vec<&'static [Template]> {
    vec![
        MOTIVATION,
        FORWARD,
        BEHAVIOURAL,
        PAST_ROLE,
        SHARED_TECH,
        SHARED_PRACTICE,
        JOB_TECH,
        JOB_PRACTICE,
        SKILL_TECH,
        SKILL_PRACTICE,
        DOMAIN_ENGINEERING,
        DOMAIN_DATA,
        DOMAIN_PRODUCT,
        DOMAIN_DESIGN,
        DOMAIN_CUSTOMER,
        DOMAIN_GENERAL,
    ]
}

fn domain_bank(domain: Domain) -> &'static [Template] {
    match domain {
        Domain::Engineering => DOMAIN_ENGINEERING,
        Domain::Data => DOMAIN_DATA,
        Domain::Product => DOMAIN_PRODUCT,
        Domain::Design => DOMAIN_DESIGN,
        Domain::Customer => DOMAIN_CUSTOMER,
        Domain::General => DOMAIN_GENERAL,
    }
}

/// The kind of main question a slot of the plan asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Motivation,
    /// The n-th skill-grounded slot.
    Skill(usize),
    /// The n-th behavioural slot.
    Behavioural(usize),
    Forward,
}

fn slot_for(number: u32, of: u32, has_skills: bool) -> Slot {
    let of = of.max(1);
    let number = number.clamp(1, of);
    match of {
        1 if has_skills => Slot::Skill(0),
        1 => Slot::Motivation,
        2 if number == 1 => Slot::Motivation,
        2 => Slot::Skill(0),
        _ if number == 1 => Slot::Motivation,
        _ if number == of => Slot::Forward,
        _ => {
            let k = (number - 2) as usize;
            if k.is_multiple_of(2) {
                Slot::Skill(k / 2)
            } else {
                Slot::Behavioural(k / 2)
            }
        }
    }
}

/// A fully written candidate question with the template it came from.
struct Candidate {
    id: String,
    text: String,
}

struct Filler<'a> {
    profile: &'a Profile,
}

impl Filler<'_> {
    fn fill(&self, template: &Template, skill: Option<&Skill>) -> Option<Candidate> {
        let profile = self.profile;
        let mut text = template.text.to_string();
        if text.contains("{skill}") {
            let skill = skill?;
            text = text.replace("{skill}", &skill.name);
        }
        if text.contains("{at_past}") || text.contains("{employer}") {
            let past = profile.past.as_ref()?;
            let at_past = match &past.role {
                Some(role) => format!("at {} as {} {}", past.employer, article(role), role),
                None => format!("at {}", past.employer),
            };
            text = text
                .replace("{at_past}", &at_past)
                .replace("{employer}", &past.employer);
        }
        text = text
            .replace("{role_a}", &profile.role_with_article())
            .replace("{role}", &profile.role)
            .replace("{company}", &profile.company);
        if profile.role == "this" {
            text = text
                .replace("the this role", "this role")
                .replace("the this position", "this position");
        }
        Some(Candidate {
            id: template.id.to_string(),
            text: capitalise_first(&text),
        })
    }
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn ordered(bank: &'static [Template], seed: u64, salt: u64) -> Vec<&'static Template> {
    permutation(bank.len(), seed ^ salt)
        .into_iter()
        .filter_map(|i| bank.get(i))
        .collect()
}

/// The skills to ground questions in: the shared ones first (rotated by the seed), then the
/// job's other skills, then the résumé's other skills.
fn skill_queue(profile: &Profile, seed: u64) -> Vec<(Skill, Source)> {
    let mut queue: Vec<(Skill, Source)> = Vec::new();
    let rotate = |list: &[Skill], salt: u64| -> Vec<Skill> {
        let len = list.len().max(1) as u64;
        super::rotated(list, (super::splitmix(seed ^ salt) % len) as usize)
    };
    queue.extend(
        rotate(&profile.shared, 0x5348)
            .into_iter()
            .map(|s| (s, Source::Shared)),
    );
    // The job's list is in priority order: keep it.
    queue.extend(profile.job_only.iter().cloned().map(|s| (s, Source::Job)));
    queue.extend(
        rotate(&profile.resume_only, 0x5245)
            .into_iter()
            .map(|s| (s, Source::Resume)),
    );
    queue
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Shared,
    Job,
    Resume,
}

fn candidates(profile: &Profile, seed: u64, slot: Slot) -> Vec<Candidate> {
    let filler = Filler { profile };
    let queue = skill_queue(profile, seed);
    let mut out: Vec<Candidate> = Vec::new();
    let mut add = |templates: Vec<&'static Template>, skill: Option<&Skill>| {
        for template in templates {
            if let Some(candidate) = filler.fill(template, skill) {
                out.push(candidate);
            }
        }
    };
    match slot {
        Slot::Motivation => {
            add(ordered(MOTIVATION, seed, 0x40), None);
            add(ordered(BEHAVIOURAL, seed, 0xBE), None);
        }
        Slot::Forward => {
            add(ordered(FORWARD, seed, 0xF0), None);
            add(ordered(BEHAVIOURAL, seed, 0xBE), None);
        }
        Slot::Behavioural(n) => {
            if n == 0 {
                // With a known past role, the "at Globex as a Software Engineer" wording first.
                let mut past: Vec<&'static Template> = ordered(PAST_ROLE, seed, 0x9A);
                if profile.past.as_ref().is_some_and(|p| p.role.is_some()) {
                    past.sort_by_key(|t| !t.text.contains("{at_past}"));
                }
                add(past, None);
            }
            add(ordered(BEHAVIOURAL, seed, 0xBE), None);
            add(ordered(PAST_ROLE, seed, 0x9A), None);
        }
        Slot::Skill(n) => {
            let grounded = n.is_multiple_of(2);
            let pick = if grounded { n / 2 } else { n / 2 + 1 };
            let skill = (!queue.is_empty()).then(|| &queue[pick % queue.len()]);
            // The first time a skill comes up it is introduced by where it comes from.
            let first_mention = pick < queue.len();
            if grounded {
                if let Some((skill, source)) = skill {
                    let technical = skill.cat.is_technical();
                    if first_mention {
                        match (source, technical) {
                            (Source::Shared, true) => {
                                add(ordered(SHARED_TECH, seed, 0x51), Some(skill))
                            }
                            (Source::Shared, false) => {
                                add(ordered(SHARED_PRACTICE, seed, 0x52), Some(skill))
                            }
                            (Source::Job, true) => add(ordered(JOB_TECH, seed, 0x53), Some(skill)),
                            (Source::Job, false) => {
                                add(ordered(JOB_PRACTICE, seed, 0x54), Some(skill))
                            }
                            (Source::Resume, _) => {}
                        }
                    }
                    if technical {
                        add(ordered(SKILL_TECH, seed, 0x55), Some(skill));
                    } else {
                        add(ordered(SKILL_PRACTICE, seed, 0x56), Some(skill));
                    }
                }
                add(
                    ordered(domain_bank(profile.domain), seed, 0xD0),
                    skill.map(|(s, _)| s),
                );
            } else {
                let tech = skill.filter(|(s, _)| s.cat.is_technical());
                add(
                    ordered(domain_bank(profile.domain), seed, 0xD0),
                    tech.map(|(s, _)| s),
                );
                if let Some((skill, _)) = skill {
                    if skill.cat.is_technical() {
                        add(ordered(SKILL_TECH, seed, 0x55), Some(skill));
                    } else {
                        add(ordered(SKILL_PRACTICE, seed, 0x56), Some(skill));
                    }
                }
            }
            add(ordered(DOMAIN_GENERAL, seed, 0xD1), None);
            // Other skills, in case every template on this one is used up.
            for (other, _) in &queue {
                if other.cat.is_technical() {
                    add(ordered(SKILL_TECH, seed, 0x55), Some(other));
                } else {
                    add(ordered(SKILL_PRACTICE, seed, 0x56), Some(other));
                }
            }
            add(ordered(BEHAVIOURAL, seed, 0xBE), None);
        }
    }
    out
}

/// Main question `number` of `of`: the planned question unless it (or its template) was
/// already used, in which case the next unused candidate for that slot.
pub(super) fn main_question(
    profile: &Profile,
    seed: u64,
    number: u32,
    of: u32,
    history: &HashSet<String>,
) -> String {
    let has_skills = !profile.shared.is_empty()
        || !profile.job_only.is_empty()
        || !profile.resume_only.is_empty();
    let of = of.max(number).max(1);
    // Replay the plan for the earlier slots (independently of history) so that each template
    // is used once per interview.
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut planned_texts: HashSet<String> = HashSet::new();
    for earlier in 1..number {
        let slot = slot_for(earlier, of, has_skills);
        if let Some(choice) = candidates(profile, seed, slot)
            .into_iter()
            .find(|c| !used_ids.contains(&c.id) && !planned_texts.contains(&normalise(&c.text)))
        {
            planned_texts.insert(normalise(&choice.text));
            used_ids.insert(choice.id);
        }
    }
    let slot = slot_for(number, of, has_skills);
    let all = candidates(profile, seed, slot);
    let fresh = |c: &&Candidate| !history.contains(&normalise(&c.text));
    all.iter()
        .filter(fresh)
        .find(|c| !used_ids.contains(&c.id))
        .or_else(|| all.iter().find(|c| fresh(c)))
        .map(|c| c.text.clone())
        .unwrap_or_else(|| {
            format!(
                "For question {number}, tell me about another experience from your work that you think is relevant to the {} role, and what you took away from it.",
                profile.role
            )
        })
}

#[cfg(test)]
pub(super) fn count_behavioural_and_role_specific() -> usize {
    BEHAVIOURAL.len()
        + PAST_ROLE.len()
        + SKILL_TECH.len()
        + SKILL_PRACTICE.len()
        + DOMAIN_ENGINEERING.len()
        + DOMAIN_DATA.len()
        + DOMAIN_PRODUCT.len()
        + DOMAIN_DESIGN.len()
        + DOMAIN_CUSTOMER.len()
        + DOMAIN_GENERAL.len()
}
