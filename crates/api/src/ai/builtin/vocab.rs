//! The built-in vocabulary of technologies and skills, and the extraction of skills, roles and
//! employers from free text (job descriptions, résumés, answers). Pure string handling.

use std::collections::HashSet;

use crate::ai::{CandidateContext, JobContext};

/// Broad kind of a skill; decides which question templates fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cat {
    Lang,
    Framework,
    Data,
    Cloud,
    Tool,
    Method,
    Soft,
    /// A job's own required skill that is not in the vocabulary.
    Other,
}

impl Cat {
    pub(super) fn is_technical(self) -> bool {
        matches!(
            self,
            Self::Lang | Self::Framework | Self::Data | Self::Cloud | Self::Tool
        )
    }
}

/// One vocabulary entry. `exact` entries match their name case-sensitively (they are also
/// ordinary English words: "Go", "React", "Excel"); aliases always match case-insensitively.
pub(super) struct Term {
    pub(super) name: &'static str,
    pub(super) aliases: &'static [&'static str],
    pub(super) cat: Cat,
    pub(super) exact: bool,
}

const fn t(name: &'static str, aliases: &'static [&'static str], cat: Cat) -> Term {
    Term {
        name,
        aliases,
        cat,
        exact: false,
    }
}

const fn x(name: &'static str, aliases: &'static [&'static str], cat: Cat) -> Term {
    Term {
        name,
        aliases,
        cat,
        exact: true,
    }
}

use Cat::{Cloud, Data, Framework, Lang, Method, Soft, Tool};

pub(super) static VOCAB: &[Term] = &[
    // Languages
    t("Rust", &[], Lang),
    t("Python", &[], Lang),
    t("Java", &[], Lang),
    t("JavaScript", &["js", "ecmascript"], Lang),
    t("TypeScript", &[], Lang),
    x("Go", &["golang"], Lang),
    t("C++", &["cpp"], Lang),
    t("C#", &["csharp"], Lang),
    t("Kotlin", &[], Lang),
    x("Swift", &[], Lang),
    t("Ruby", &[], Lang),
    t("PHP", &[], Lang),
    t("Scala", &[], Lang),
    t("Elixir", &[], Lang),
    t("Haskell", &[], Lang),
    t("SQL", &[], Lang),
    t("Bash", &["shell scripting"], Lang),
    t("Dart", &[], Lang),
    t("Objective-C", &[], Lang),
    t("Perl", &[], Lang),
    t("MATLAB", &[], Lang),
    t("Clojure", &[], Lang),
    t("Erlang", &[], Lang),
    t("Lua", &[], Lang),
    t("Solidity", &[], Lang),
    t("HTML", &["html5"], Lang),
    t("CSS", &["css3", "sass", "scss"], Lang),
    // Frameworks and libraries
    x("React", &["react.js", "reactjs"], Framework),
    t("Angular", &["angularjs"], Framework),
    t("Vue", &["vue.js", "vuejs"], Framework),
    t("Svelte", &["sveltekit"], Framework),
    t("Next.js", &["nextjs"], Framework),
    t("Node.js", &["nodejs", "node"], Framework),
    x("Express", &["express.js", "expressjs"], Framework),
    t("Django", &[], Framework),
    x("Flask", &[], Framework),
    t("FastAPI", &[], Framework),
    x("Spring", &["spring boot"], Framework),
    x("Rails", &["ruby on rails"], Framework),
    t("Laravel", &[], Framework),
    t(".NET", &["dotnet", "asp.net"], Framework),
    t("Actix", &["actix-web"], Framework),
    t("Tokio", &[], Framework),
    t("Axum", &[], Framework),
    t("Flutter", &[], Framework),
    t("React Native", &[], Framework),
    t("jQuery", &[], Framework),
    t("Tailwind", &["tailwindcss"], Framework),
    t("Redux", &[], Framework),
    t("GraphQL", &[], Framework),
    t("gRPC", &[], Framework),
    t("REST", &["rest api", "rest apis", "restful"], Framework),
    t("TensorFlow", &[], Framework),
    t("PyTorch", &[], Framework),
    t("scikit-learn", &["sklearn"], Framework),
    t("Pandas", &[], Framework),
    t("NumPy", &[], Framework),
    x("Spark", &["apache spark", "pyspark"], Framework),
    t("Hadoop", &[], Framework),
    t("Airflow", &[], Framework),
    t("dbt", &[], Framework),
    t("Kafka", &[], Framework),
    t("RabbitMQ", &[], Framework),
    // Databases and data stores
    t("PostgreSQL", &["postgres", "psql"], Data),
    t("MySQL", &[], Data),
    t("SQLite", &[], Data),
    t("MongoDB", &["mongo"], Data),
    t("Redis", &[], Data),
    t("Elasticsearch", &["elastic search", "opensearch"], Data),
    t("Cassandra", &[], Data),
    t("DynamoDB", &[], Data),
    t("SQL Server", &["mssql"], Data),
    t("Snowflake", &[], Data),
    t("BigQuery", &[], Data),
    t("Redshift", &[], Data),
    t("ClickHouse", &[], Data),
    t("Neo4j", &[], Data),
    // Cloud and infrastructure
    t("AWS", &["amazon web services"], Cloud),
    t("Azure", &[], Cloud),
    t("GCP", &["google cloud"], Cloud),
    t("Kubernetes", &["k8s"], Cloud),
    t("Docker", &["containers"], Cloud),
    t("Terraform", &[], Cloud),
    t("Ansible", &[], Cloud),
    t("Helm", &[], Cloud),
    t("Linux", &[], Cloud),
    t("Nginx", &[], Cloud),
    t("serverless", &[], Cloud),
    x("Lambda", &["aws lambda"], Cloud),
    t(
        "CI/CD",
        &["continuous integration", "continuous delivery"],
        Cloud,
    ),
    t("GitHub Actions", &[], Cloud),
    t("Jenkins", &[], Cloud),
    t("GitLab", &[], Cloud),
    t("Prometheus", &[], Cloud),
    t("Grafana", &[], Cloud),
    t("Datadog", &[], Cloud),
    t("OpenTelemetry", &[], Cloud),
    t("microservices", &["microservice"], Cloud),
    // Tools
    t("Git", &[], Tool),
    t("Jira", &[], Tool),
    t("Figma", &[], Tool),
    x("Sketch", &[], Tool),
    t("Tableau", &[], Tool),
    t("Power BI", &["powerbi"], Tool),
    x("Looker", &[], Tool),
    x("Excel", &["spreadsheets"], Tool),
    t("Salesforce", &[], Tool),
    t("HubSpot", &[], Tool),
    t("Confluence", &[], Tool),
    t("Postman", &[], Tool),
    t("Webpack", &[], Tool),
    t("Vite", &[], Tool),
    t("Selenium", &[], Tool),
    t("Cypress", &[], Tool),
    t("Jest", &[], Tool),
    t("Playwright", &[], Tool),
    // Methods and concepts
    t("agile", &[], Method),
    t("Scrum", &[], Method),
    t("Kanban", &[], Method),
    t(
        "A/B testing",
        &["ab testing", "a/b tests", "split testing"],
        Method,
    ),
    t("TDD", &["test-driven development"], Method),
    t("unit testing", &["unit tests"], Method),
    t("code review", &["code reviews"], Method),
    t("DevOps", &[], Method),
    t("SRE", &["site reliability"], Method),
    t("machine learning", &["ml"], Method),
    t("deep learning", &[], Method),
    t("NLP", &["natural language processing"], Method),
    t("LLMs", &["llm", "large language models"], Method),
    t("data modelling", &["data modeling"], Method),
    t("ETL", &["elt"], Method),
    t(
        "data visualisation",
        &["data visualization", "dashboards"],
        Method,
    ),
    t("statistics", &["statistical analysis"], Method),
    t("system design", &["systems design"], Method),
    t("distributed systems", &[], Method),
    t("API design", &[], Method),
    t(
        "performance tuning",
        &["performance optimisation", "performance optimization"],
        Method,
    ),
    t("security", &["application security"], Method),
    t("OAuth", &["oauth2"], Method),
    t("accessibility", &["a11y"], Method),
    t("user research", &["ux research"], Method),
    t("product roadmap", &["roadmapping", "roadmaps"], Method),
    t("OKRs", &["okr"], Method),
    t("SEO", &[], Method),
    t("user stories", &[], Method),
    t("observability", &[], Method),
    t(
        "incident response",
        &["on-call", "incident management"],
        Method,
    ),
    t(
        "UX design",
        &["ux", "ui design", "interaction design"],
        Method,
    ),
    t("financial modelling", &["financial modeling"], Method),
    t("data analysis", &["analytics"], Method),
    // Soft areas
    t("stakeholder management", &["stakeholders"], Soft),
    t("communication", &[], Soft),
    t("leadership", &[], Soft),
    t("mentoring", &["mentorship", "coaching"], Soft),
    t("project management", &[], Soft),
    t("negotiation", &[], Soft),
    t("customer success", &[], Soft),
    t("public speaking", &["presentations"], Soft),
    t(
        "cross-functional collaboration",
        &["cross-functional"],
        Soft,
    ),
    t("hiring", &["recruiting", "interviewing"], Soft),
];

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
pub(super) fn positions(resume: &str) -> Vec<Position> {
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
pub(super) fn split_sentences(text: &str) -> Vec<&str> {
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
