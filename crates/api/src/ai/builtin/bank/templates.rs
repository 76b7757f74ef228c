//! Data, not logic: the question templates, one table per kind of question. Over 400
//! lines because it is a list of sentences; the code that picks from it is in `bank/mod.rs`.

use super::{Template, q};

pub(super) static MOTIVATION: &[Template] = &[
    q(
        "mot-prepare",
        "Which parts of your background prepare you best for the {role} role at {company}, and why?",
    ),
    q(
        "mot-shaped",
        "Looking back over your career so far, which experience shaped the way you work the most, and how would it help you as {role_a}?",
    ),
    q(
        "mot-challenge",
        "What do you expect to be the biggest challenge in the {role} role, and what in your experience has prepared you for it?",
    ),
    q(
        "mot-energy",
        "What kind of work gives you the most energy, and where do you see it in the {role} role at {company}?",
    ),
    q(
        "mot-project",
        "If you had to pick one project from your past that best shows what you'd bring to {company}, which would it be and why?",
    ),
    q(
        "mot-recent",
        "What have you been focusing on in your most recent role, and how does the {role} position fit into where you want to go next?",
    ),
];

pub(super) static FORWARD: &[Template] = &[
    q(
        "fwd-90days",
        "Imagine it's your first 90 days as {role_a} at {company}. What would you focus on first, and how would you know you were on track?",
    ),
    q(
        "fwd-grow",
        "Where would you like to grow over the next two years, and how could the {role} role help you get there?",
    ),
    q(
        "fwd-process",
        "Suppose you joined and found that one of the team's main processes was slowing everyone down. How would you go about changing it as a newcomer?",
    ),
    q(
        "fwd-add",
        "Based on your experience, what's one thing you'd want to bring to how the team at {company} works, and why?",
    ),
    q(
        "fwd-success",
        "What would success look like for you after your first year as {role_a}, and what would you need from your manager to get there?",
    ),
    q(
        "fwd-nodocs",
        "Imagine you're handed an important project in your first week with very little documentation. How would you get up to speed and start delivering?",
    ),
];

pub(super) static BEHAVIOURAL: &[Template] = &[
    q(
        "beh-conflict",
        "Tell me about a time you disagreed with a colleague about how to approach a problem. How did you handle it, and what was the outcome?",
    ),
    q(
        "beh-conflict-team",
        "Describe a situation where two people on your team were in conflict and it affected the work. What did you do?",
    ),
    q(
        "beh-failure",
        "Tell me about a time something you were responsible for failed. What happened, what did you do about it, and what did you learn?",
    ),
    q(
        "beh-wrong-call",
        "Describe a decision you made that turned out to be wrong. How did you realise it, and how did you recover?",
    ),
    q(
        "beh-prioritise",
        "Describe a time you had more work than you could possibly finish. How did you decide what to do first, and how did it turn out?",
    ),
    q(
        "beh-say-no",
        "Tell me about a time you had to say no to a request from someone important. How did you decide, and how did you communicate it?",
    ),
    q(
        "beh-ownership",
        "Tell me about a time you took ownership of a problem that wasn't officially yours. What made you step in, and what happened?",
    ),
    q(
        "beh-unasked",
        "Describe something you improved at work without being asked to. What was the situation, and what was the result?",
    ),
    q(
        "beh-learn-fast",
        "Tell me about a time you had to learn something new quickly to get a job done. How did you approach it?",
    ),
    q(
        "beh-learned-year",
        "What's the most useful thing you've learned in the last year, and how have you applied it in your work?",
    ),
    q(
        "beh-feedback-got",
        "Tell me about a piece of critical feedback you received. How did you react, and what did you change afterwards?",
    ),
    q(
        "beh-feedback-gave",
        "Describe a time you had to give difficult feedback to a colleague. How did you prepare, and how did they respond?",
    ),
    q(
        "beh-ambiguity",
        "Tell me about a time you had to make progress on a task with unclear requirements. How did you decide what to do?",
    ),
    q(
        "beh-goals-changed",
        "Describe a project where the goals changed partway through. How did you adapt, and what did you keep from the original plan?",
    ),
    q(
        "beh-influence",
        "Tell me about a time you convinced others to adopt an idea without having authority over them. How did you do it?",
    ),
    q(
        "beh-sceptic",
        "Describe a time you had to win over a sceptical stakeholder. What was their concern, and how did you address it?",
    ),
    q(
        "beh-deadline",
        "Tell me about a time you were up against a tight deadline. What trade-offs did you make, and would you make them again?",
    ),
    q(
        "beh-late",
        "Describe a time you realised a project was going to miss its deadline. What did you do, and who did you tell?",
    ),
    q(
        "beh-mentoring",
        "Tell me about a time you helped a colleague grow, for example by mentoring or onboarding them. What did you do, and what changed for them?",
    ),
    q(
        "beh-best-team",
        "Describe the most effective team you've worked in. What made it work, and what was your part in that?",
    ),
    q(
        "beh-unhappy-user",
        "Tell me about a time you had to deal with an unhappy customer or user. What was the issue, and how did you resolve it?",
    ),
    q(
        "beh-pressure",
        "Tell me about the most stressful situation you've faced at work. How did you keep things on track?",
    ),
    q(
        "beh-idea",
        "Tell me about an idea of yours that made it into production or practice. How did you take it from idea to reality?",
    ),
    q(
        "beh-mistake-noticed",
        "Tell me about a mistake you made that someone else noticed before you did. How did you respond?",
    ),
    q(
        "beh-incomplete-info",
        "Describe an important decision you had to make with incomplete information. How did you make it, and how did it turn out?",
    ),
    q(
        "beh-other-discipline",
        "Tell me about a time you worked closely with people from a different discipline. What was hard about it, and how did you bridge the gap?",
    ),
    q(
        "beh-org-change",
        "Describe a time your organisation went through a significant change. How did it affect your work, and how did you adapt?",
    ),
    q(
        "beh-corners",
        "Tell me about a time you pushed back on cutting corners. What was at stake, and how was it resolved?",
    ),
    q(
        "beh-proudest",
        "What's the piece of work you're proudest of, and what exactly was your own contribution to it?",
    ),
    q(
        "beh-breakdown",
        "Tell me about a time communication broke down in your team. What went wrong, and what did you do to fix it?",
    ),
];

pub(super) static PAST_ROLE: &[Template] = &[
    q(
        "past-proud",
        "In your time {at_past}, what was the achievement you're proudest of, and what was your personal part in it?",
    ),
    q(
        "past-hardest",
        "Thinking back to your time {at_past}, what was the hardest problem you worked on, and how did you tackle it?",
    ),
    q(
        "past-bring",
        "What did you learn during your time {at_past} that you'd bring to the {role} role at {company}?",
    ),
    q(
        "past-off-plan",
        "Tell me about a time at {employer} when things didn't go to plan. What happened, and what did you do?",
    ),
];

pub(super) static SHARED_TECH: &[Template] = &[
    q(
        "shared-tech-built",
        "Your résumé mentions {skill}, which this role relies on. What's your hands-on experience with {skill}: what did you build with it, and what was the hardest problem you solved?",
    ),
    q(
        "shared-tech-depth",
        "I see {skill} on your résumé, and it's central to this role. Could you walk me through your experience with {skill} on a real project, including a decision you'd make differently today?",
    ),
    q(
        "shared-tech-years",
        "You've worked with {skill}, which we use in this role. Tell me about your experience with it: how you used {skill}, at what scale, and what you learned the hard way.",
    ),
];

pub(super) static SHARED_PRACTICE: &[Template] = &[
    q(
        "shared-prac-applied",
        "Your résumé mentions {skill}, which matters a lot in this role. Could you tell me about your experience with {skill} and a time it made a real difference?",
    ),
    q(
        "shared-prac-example",
        "I see {skill} in your background, and it's important for this role. What's your experience with {skill}, and what's a concrete example you're proud of?",
    ),
];

pub(super) static JOB_TECH: &[Template] = &[
    q(
        "job-tech-ramp",
        "This role involves a lot of {skill}. What's your experience with it so far, and how would you get up to speed on the parts you know less well?",
    ),
    q(
        "job-tech-closest",
        "The team works with {skill}. Have you used it, or something close to it, and what did you build?",
    ),
];

pub(super) static JOB_PRACTICE: &[Template] = &[
    q(
        "job-prac-ramp",
        "{skill} is an important part of this role. What's your experience with it, and how have you applied it in your work?",
    ),
    q(
        "job-prac-approach",
        "How do you approach {skill} in your day-to-day work, and what's an example where your approach paid off?",
    ),
];

pub(super) static SKILL_TECH: &[Template] = &[
    q(
        "tech-complex",
        "What's the most complex thing you've built with {skill}, and which design decisions are you proudest of?",
    ),
    q(
        "tech-bug",
        "Walk me through a hard bug or production issue you tracked down in a system using {skill}. How did you find the root cause?",
    ),
    q(
        "tech-tradeoffs",
        "What are the main trade-offs of {skill} compared with the alternatives you know, and when would you not choose it?",
    ),
    q(
        "tech-testing",
        "How do you test and ensure quality in work built with {skill}?",
    ),
    q(
        "tech-pitfalls",
        "If a teammate new to {skill} joined your project, which pitfalls would you warn them about, and why?",
    ),
    q(
        "tech-performance",
        "Tell me about a time performance became a problem in something built with {skill}. How did you measure it, and what did you change?",
    ),
    q(
        "tech-keep-up",
        "How do you keep up with changes in {skill}, and what's a recent change that affected how you work?",
    ),
    q(
        "tech-explain",
        "How would you explain a technical decision involving {skill} to a non-technical stakeholder? Give me an example if you have one.",
    ),
    q(
        "tech-mistake",
        "What's a mistake you've made with {skill} that taught you something lasting?",
    ),
    q(
        "tech-maintainable",
        "How have you organised a larger codebase or setup around {skill} so that it stayed maintainable as it grew?",
    ),
    q(
        "tech-choose",
        "Tell me about a time you had to choose between {skill} and another option. What did you weigh, and what did you pick?",
    ),
    q(
        "tech-health",
        "Which metrics or signals do you watch to know that something you built with {skill} is healthy in production?",
    ),
];

pub(super) static SKILL_PRACTICE: &[Template] = &[
    q(
        "prac-applied",
        "How have you applied {skill} in your recent work, and what result are you proudest of?",
    ),
    q(
        "prac-well",
        "What does doing {skill} well look like to you, and where have you seen it done badly?",
    ),
    q(
        "prac-measurable",
        "Tell me about a time your approach to {skill} made a measurable difference. How did you know?",
    ),
    q(
        "prac-introduce",
        "How would you introduce or improve {skill} in a team that's new to it?",
    ),
    q(
        "prac-hardest",
        "What's the hardest situation you've faced involving {skill}, and how did you handle it?",
    ),
    q(
        "prac-better",
        "How do you keep getting better at {skill}, and how has your approach changed over the years?",
    ),
];

pub(super) static DOMAIN_ENGINEERING: &[Template] = &[
    q(
        "eng-scale",
        "How would you design a service at {company} that needs to handle a sudden tenfold increase in traffic? Talk me through the main components and trade-offs.",
    ),
    q(
        "eng-incident",
        "Tell me about a production incident you were involved in. How was it detected, what did you do, and what changed afterwards?",
    ),
    q(
        "eng-enough-tests",
        "How do you decide how much testing is enough before shipping a change?",
    ),
    q(
        "eng-review",
        "How do you approach reviewing a large pull request that touches a critical part of the system?",
    ),
    q(
        "eng-debt",
        "If you had to pay down technical debt while still shipping features, how would you decide what to fix first?",
    ),
    q(
        "eng-timeouts",
        "Suppose a service you own, built with {skill}, starts timing out for some users. How would you investigate and fix it?",
    ),
    q(
        "eng-metrics",
        "Which metrics would you track to know whether a system you own is healthy, and what would make you act?",
    ),
];

pub(super) static DOMAIN_DATA: &[Template] = &[
    q(
        "data-trust",
        "How would you design a pipeline or report that the business at {company} could trust? What checks would you build in?",
    ),
    q(
        "data-changed-decision",
        "Tell me about a time your analysis changed a decision. How did you present it, and what happened?",
    ),
    q(
        "data-bad-data",
        "Describe a time you found a problem in the data you were given. How did you notice it, and what did you do?",
    ),
    q(
        "data-noise",
        "How do you decide whether a change in a metric is real or just noise?",
    ),
    q(
        "data-distrust",
        "How would you explain a surprising result to a stakeholder who doesn't trust the numbers?",
    ),
    q(
        "data-skill-pipeline",
        "Suppose a daily report built with {skill} suddenly shows numbers that look wrong. How would you track down the cause?",
    ),
];

pub(super) static DOMAIN_PRODUCT: &[Template] = &[
    q(
        "prod-roadmap",
        "How would you decide what goes into next quarter's roadmap when every team wants something different?",
    ),
    q(
        "prod-flop",
        "Tell me about a feature you shipped that didn't land as expected. How did you find out, and what did you do next?",
    ),
    q(
        "prod-metrics",
        "Which metrics would you use to judge whether a new feature at {company} is successful, and why those?",
    ),
    q(
        "prod-feedback",
        "How do you turn vague customer feedback into something a team can build?",
    ),
    q(
        "prod-tradeoff",
        "Describe a trade-off between scope, quality and time you had to make on a product. How did you decide?",
    ),
];

pub(super) static DOMAIN_DESIGN: &[Template] = &[
    q(
        "des-redesign",
        "Walk me through how you'd approach redesigning a key flow for {company}'s users, from research to hand-off.",
    ),
    q(
        "des-research",
        "Tell me about a time user research changed your design direction. What did you learn?",
    ),
    q(
        "des-disagree",
        "How do you handle disagreements with engineers or product managers about a design?",
    ),
    q(
        "des-measure",
        "How do you measure whether a design change actually worked?",
    ),
];

pub(super) static DOMAIN_CUSTOMER: &[Template] = &[
    q(
        "cus-difficult",
        "Tell me about the most difficult customer or prospect you've worked with. How did you handle them, and what was the result?",
    ),
    q(
        "cus-prioritise",
        "How do you prioritise your time across many accounts or requests?",
    ),
    q(
        "cus-numbers",
        "Which numbers do you track to know you're doing well, and how do you act on them?",
    ),
    q(
        "cus-flop",
        "Describe a campaign, deal or initiative that didn't work out. What did you learn from it?",
    ),
];

pub(super) static DOMAIN_GENERAL: &[Template] = &[
    q(
        "gen-visibility",
        "How would you set up your work as {role_a} so that the people who depend on you always know where things stand?",
    ),
    q(
        "gen-process",
        "Tell me about a process you improved. How did you measure the improvement?",
    ),
    q(
        "gen-two-urgent",
        "Describe how you'd handle two urgent requests from different stakeholders arriving at the same time.",
    ),
    q(
        "gen-quality-check",
        "What's the most important quality check in your kind of work, and how do you make sure it happens?",
    ),
    q(
        "gen-explain",
        "Tell me about a time you had to explain something complex to someone without your background. How did you make it land?",
    ),
];
