//! The job form's fields and errors, checked with the shared validation as the API does.

use interview_flow_shared::validation::{
    validate_job_description, validate_job_title, validate_language, validate_optional_text,
    validate_question_count, validate_skills, validate_time_limit,
};
use interview_flow_shared::{
    DEFAULT_LANGUAGE, DEFAULT_QUESTION_COUNT, DEFAULT_TIME_LIMIT_MINUTES, EmploymentType,
    ExperienceLevel, JobDto,
};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::{keep, recheck, show_at};

pub(super) const TITLE_ID: &str = "job-title";
pub(super) const DESCRIPTION_ID: &str = "job-description";
pub(super) const LOCATION_ID: &str = "job-location";
pub(super) const SKILLS_ID: &str = "job-skills";
pub(super) const QUESTIONS_ID: &str = "job-question-count";
pub(super) const TIME_ID: &str = "job-time-limit";
pub(super) const LANGUAGE_ID: &str = "job-language";

#[derive(Clone, Copy)]
pub(super) struct JobFields {
    pub(super) title: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) location: RwSignal<String>,
    pub(super) employment_type: RwSignal<String>,
    pub(super) experience_level: RwSignal<String>,
    pub(super) skills: RwSignal<String>,
    pub(super) question_count: RwSignal<String>,
    pub(super) time_limit: RwSignal<String>,
    pub(super) language: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub(super) struct JobErrors {
    pub(super) title: RwSignal<Option<String>>,
    pub(super) description: RwSignal<Option<String>>,
    pub(super) location: RwSignal<Option<String>>,
    pub(super) skills: RwSignal<Option<String>>,
    pub(super) question_count: RwSignal<Option<String>>,
    pub(super) time_limit: RwSignal<Option<String>>,
    pub(super) language: RwSignal<Option<String>>,
    pub(super) form: RwSignal<Option<String>>,
}

impl JobErrors {
    pub(super) fn new() -> Self {
        Self {
            title: RwSignal::new(None),
            description: RwSignal::new(None),
            location: RwSignal::new(None),
            skills: RwSignal::new(None),
            question_count: RwSignal::new(None),
            time_limit: RwSignal::new(None),
            language: RwSignal::new(None),
            form: RwSignal::new(None),
        }
    }

    /// While typing, update an error already shown (it clears as soon as the field is
    /// fixed); new errors wait for submit, so nothing jumps under the pointer.
    pub(super) fn recheck_while_typing(self, fields: JobFields) {
        let errors = self;
        Effect::new(move |_| {
            recheck(
                errors.title,
                validate_job_title(&fields.title.get()).map_err(|e| e.message),
            )
        });
        Effect::new(move |_| {
            recheck(
                errors.description,
                validate_job_description(&fields.description.get()).map_err(|e| e.message),
            )
        });
        Effect::new(move |_| {
            recheck(
                errors.question_count,
                parse_number(
                    &fields.question_count.get(),
                    validate_question_count,
                    "the number of questions",
                ),
            )
        });
        Effect::new(move |_| {
            recheck(
                errors.time_limit,
                parse_number(
                    &fields.time_limit.get(),
                    validate_time_limit,
                    "the time limit",
                ),
            )
        });
    }

    /// The error signal and input id of a server field name.
    fn for_field(&self, field: &str) -> Option<(RwSignal<Option<String>>, &'static str)> {
        Some(match field {
            "title" => (self.title, TITLE_ID),
            "description" => (self.description, DESCRIPTION_ID),
            "location" => (self.location, LOCATION_ID),
            "required_skills" => (self.skills, SKILLS_ID),
            "question_count" => (self.question_count, QUESTIONS_ID),
            "time_limit_minutes" => (self.time_limit, TIME_ID),
            "language" => (self.language, LANGUAGE_ID),
            _ => return None,
        })
    }
}

/// The parsed, valid form.
pub(super) struct ValidJob {
    title: String,
    description: String,
    location: Option<String>,
    employment_type: Option<EmploymentType>,
    experience_level: Option<ExperienceLevel>,
    skills: Vec<String>,
    question_count: u32,
    time_limit: u32,
    language: String,
}

fn parse_number(
    raw: &str,
    validate: fn(u32) -> Result<u32, interview_flow_shared::validation::FieldError>,
    what: &str,
) -> Result<u32, String> {
    let n = raw
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("Enter {what} as a whole number."))?;
    validate(n).map_err(|e| e.message)
}

impl JobFields {
    /// The form for a new job, or filled in from the job being edited.
    pub(super) fn new(existing: Option<&JobDto>) -> Self {
        Self {
            title: RwSignal::new(existing.map(|j| j.title.clone()).unwrap_or_default()),
            description: RwSignal::new(existing.map(|j| j.description.clone()).unwrap_or_default()),
            location: RwSignal::new(
                existing
                    .and_then(|j| j.location.clone())
                    .unwrap_or_default(),
            ),
            employment_type: RwSignal::new(
                existing
                    .and_then(|j| j.employment_type)
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
            ),
            experience_level: RwSignal::new(
                existing
                    .and_then(|j| j.experience_level)
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
            ),
            skills: RwSignal::new(
                existing
                    .map(|j| j.required_skills.join(", "))
                    .unwrap_or_default(),
            ),
            question_count: RwSignal::new(
                existing
                    .map(|j| j.question_count)
                    .unwrap_or(DEFAULT_QUESTION_COUNT)
                    .to_string(),
            ),
            time_limit: RwSignal::new(
                existing
                    .map(|j| j.time_limit_minutes)
                    .unwrap_or(DEFAULT_TIME_LIMIT_MINUTES)
                    .to_string(),
            ),
            language: RwSignal::new(
                existing
                    .map(|j| j.language.clone())
                    .unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
            ),
        }
    }

    pub(super) fn validate(&self, errors: &JobErrors) -> Result<ValidJob, &'static str> {
        let title = keep(
            errors.title,
            validate_job_title(&self.title.get_untracked()).map_err(|e| e.message),
        );
        let description = keep(
            errors.description,
            validate_job_description(&self.description.get_untracked()).map_err(|e| e.message),
        );
        let location = keep(
            errors.location,
            validate_optional_text(&self.location.get_untracked(), "location", "Location", 150)
                .map_err(|e| e.message),
        );
        let skill_list: Vec<String> = self
            .skills
            .get_untracked()
            .split(',')
            .map(str::to_string)
            .collect();
        let skills = keep(
            errors.skills,
            validate_skills(&skill_list).map_err(|e| e.message),
        );
        let question_count = keep(
            errors.question_count,
            parse_number(
                &self.question_count.get_untracked(),
                validate_question_count,
                "the number of questions",
            ),
        );
        let time_limit = keep(
            errors.time_limit,
            parse_number(
                &self.time_limit.get_untracked(),
                validate_time_limit,
                "the time limit",
            ),
        );
        let language = keep(
            errors.language,
            validate_language(&self.language.get_untracked()).map_err(|e| e.message),
        );
        let first_invalid = [
            (title.is_none(), TITLE_ID),
            (description.is_none(), DESCRIPTION_ID),
            (location.is_none(), LOCATION_ID),
            (skills.is_none(), SKILLS_ID),
            (question_count.is_none(), QUESTIONS_ID),
            (time_limit.is_none(), TIME_ID),
            (language.is_none(), LANGUAGE_ID),
        ]
        .into_iter()
        .find(|(bad, _)| *bad)
        .map(|(_, id)| id);
        if let Some(id) = first_invalid {
            return Err(id);
        }
        Ok(ValidJob {
            title: title.unwrap_or_default(),
            description: description.unwrap_or_default(),
            location: location.flatten(),
            employment_type: EmploymentType::parse(&self.employment_type.get_untracked()),
            experience_level: ExperienceLevel::parse(&self.experience_level.get_untracked()),
            skills: skills.unwrap_or_default(),
            question_count: question_count.unwrap_or(DEFAULT_QUESTION_COUNT),
            time_limit: time_limit.unwrap_or(DEFAULT_TIME_LIMIT_MINUTES),
            language: language.unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
        })
    }
}

/// A clonable copy of [`ValidJob`] for the action.
#[derive(Clone)]
pub(super) struct ValidJobInput {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) location: Option<String>,
    pub(super) employment_type: Option<EmploymentType>,
    pub(super) experience_level: Option<ExperienceLevel>,
    pub(super) skills: Vec<String>,
    pub(super) question_count: u32,
    pub(super) time_limit: u32,
    pub(super) language: String,
}

impl From<ValidJob> for ValidJobInput {
    fn from(v: ValidJob) -> Self {
        Self {
            title: v.title,
            description: v.description,
            location: v.location,
            employment_type: v.employment_type,
            experience_level: v.experience_level,
            skills: v.skills,
            question_count: v.question_count,
            time_limit: v.time_limit,
            language: v.language,
        }
    }
}

pub(super) fn show_server_error(err: &ApiError, errors: &JobErrors) {
    match err.field().and_then(|f| errors.for_field(f)) {
        Some((error, id)) => show_at(error, id, err.message()),
        None => errors.form.set(Some(format!(
            "The job could not be saved. {}",
            err.message()
        ))),
    }
}
